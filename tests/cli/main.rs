//! CLI tests: the real `pim` binary over real SQLite files in temp dirs.

mod activate;
mod approve;
mod assign;
mod audit;
mod concurrency;
mod directory;
mod import;
mod init;
mod mfa;
mod output;
mod settings;
mod support;
