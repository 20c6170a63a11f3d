//! CLI tests: the real `pim` binary over real SQLite files in temp dirs.

mod assign;
mod audit;
mod concurrency;
mod directory;
mod import;
mod init;
mod output;
mod support;
