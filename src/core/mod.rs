//! The PIM rules. No printing, prompting, environment or exit here: `cli` does that.

pub mod activate;
pub mod alerts;
pub mod approve;
pub mod assign;
pub mod audit;
pub mod authz;
pub mod binding;
pub mod builtin;
pub mod clock;
pub mod copy;
pub mod error;
pub mod expiry;
pub mod explain;
pub mod group;
pub mod init;
pub mod membership;
pub mod mfa;
pub mod model;
#[cfg(test)]
mod model_tests;
pub mod msformat;
pub mod names;
pub mod notify;
pub mod path;
pub mod permission;
pub mod policy;
pub mod principal;
#[cfg(test)]
mod proptests;
pub mod protect;
pub mod review;
pub mod role;
pub mod schedule;
pub mod scope;
pub mod scope_path;
pub mod session;
pub mod settings;
pub mod status;
#[cfg(test)]
pub(crate) mod tests;
pub mod wire;

pub use error::{Error, Result};
#[cfg(test)]
mod resolver_tests;
