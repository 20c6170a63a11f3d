//! pim: privileged identity management over one SQLite file.
//!
//! Three layers, one direction: [`cli`] parses and renders, [`core`] decides, [`store`] stores.

pub mod cli;
pub mod core;
pub mod store;
