//! Microsoft's own formats: role settings as the Microsoft Graph `unifiedRoleManagementPolicy`
//! rules and the Azure Resource Manager `roleManagementPolicies`, assignments as Graph and ARM
//! schedules and schedule requests. Reading and writing them makes pim a local twin of a tenant.
//! Pure conversions live here; the writes go through the same core paths as pim's own formats.

pub mod ids;
pub mod policy;
#[cfg(test)]
mod proptests;
pub mod resolve;
pub mod schedules;
pub mod settings;
