//! pim: privileged identity management over one SQLite file, embedded or shared through a server.
//!
//! Three layers, one direction: [`cli`] parses and renders, [`core`] decides, [`store`] stores.
//! Between the command line and the rules, [`api`] is the contract (one request per command) and
//! [`client`] carries it, in-process or to a server.

pub mod api;
pub mod cli;
pub mod client;
pub mod core;
pub mod provision;
pub mod server;
pub mod store;
