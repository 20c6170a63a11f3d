//! Provisioning: carrying grants and revokes out on the systems pim protects.

pub mod connector;
mod logins;
pub mod postgres;
pub mod ssh_ca;
pub mod sudoers;
