//! CLI tests: the real `pim` binary over real SQLite files in temp dirs.

mod access;
mod activate;
mod alerts;
mod approve;
mod assign;
mod audit;
mod authz_matrix;
mod bad_input;
mod concurrency;
mod crash;
mod directory;
mod export;
mod groups;
mod import;
mod init;
mod invariants;
mod mfa;
mod msformat;
mod notifications;
mod output;
mod paths;
mod review;
mod settings;
mod support;
