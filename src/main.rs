use std::process::ExitCode;

fn main() -> ExitCode {
    pim::cli::main()
}
