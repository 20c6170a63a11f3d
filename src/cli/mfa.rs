//! `pim mfa enroll|reset|status`

use std::io::IsTerminal;

use clap::{Args, Subcommand};

use super::render::{self, Tabular, time_cell};
use super::ui::Ui;
use super::{Env, Format, Status};
use crate::api;
use crate::core::mfa::{Confirmation, MfaStatus, PendingEnrolment, Reset};
use crate::core::{Error, Result};

#[derive(Subcommand, Debug)]
pub enum MfaCmd {
    /// Enrol in TOTP: print a new secret once, then confirm it with a code from the app
    Enroll(EnrollArgs),
    /// Remove a principal's enrolment and any lock; they enrol again afterwards
    Reset {
        /// Name or ID prefix
        #[arg(long, value_name = "NAME")]
        principal: String,
    },
    /// Show whether a principal is enrolled, confirmed or locked (never the secret)
    Status {
        /// Another principal (needs an MFA administrator) [default: you]
        #[arg(long, value_name = "NAME")]
        principal: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct EnrollArgs {
    /// Yourself, by name: nobody enrols someone else, since the secret is shown only to the
    /// principal enrolling (an administrator resets, then the principal enrols) [default: you]
    #[arg(long, value_name = "NAME")]
    pub principal: Option<String>,
    /// Confirm the pending enrolment with the 6-digit code the authenticator app shows
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
}

/// Wrong codes typed at the prompt before giving up (each one is refused and audited).
const PROMPT_ATTEMPTS: usize = 3;

pub fn run(cmd: MfaCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        MfaCmd::Enroll(a) => enroll(env, a),
        MfaCmd::Reset { principal } => reset(env, &principal),
        MfaCmd::Status { principal } => {
            let s = env.client.call(api::MfaStatus { principal })?;
            render::one(&env.ui, &s)?;
            Ok(0)
        }
    }
}

fn enroll(env: &mut Env, a: EnrollArgs) -> Result<Status> {
    let who = a.principal.as_deref();
    if let Some(code) = &a.code {
        confirm(env, who, code)?;
        return Ok(0);
    }
    let pending = env.client.call(api::MfaEnroll {
        principal: a.principal.clone(),
    })?;
    let ui = &env.ui;
    if pending.replaced {
        ui.note(&format!(
            "{} had an enrolment waiting for its code: this new secret replaces it, and codes from the old one no longer confirm",
            pending.principal
        ));
    }
    render::one(ui, &pending)?;
    if let Some(e) = ui.write_error() {
        // The secret is shown once: say that it was not, and how to get a new one.
        return Err(Error::invalid_with_hint(
            e.to_string(),
            "the enrolment was started but its secret was not shown: run `pim mfa enroll` again for a new one",
        ));
    }
    // A picture of the URI for the phone's camera: only for a person at a terminal, never in a
    // pipe or beside JSON or CSV.
    if ui.format == Format::Table && std::io::stdout().is_terminal() {
        match qr_code(&pending.otpauth_uri) {
            Some(picture) => ui.out(&picture),
            None => ui.note("the URI is too long for a QR code; type the secret instead"),
        }
    }
    ui.note(&format!(
        "add the secret (or the otpauth URI) to an authenticator app for {}; pim shows it only this once",
        pending.principal
    ));
    let later = "pim mfa enroll --code CODE".to_string();
    // A prompt would put a second document after JSON or CSV; scripts confirm with --code.
    if !ui.interactive || ui.format != Format::Table {
        ui.note(&format!("then confirm the enrolment with `{later}`"));
        return Ok(0);
    }
    for attempt in 1..=PROMPT_ATTEMPTS {
        let code = prompt_code()?;
        if code.trim().is_empty() {
            ui.note(&format!("not confirmed yet; confirm later with `{later}`"));
            return Ok(0);
        }
        match env.client.call(api::MfaConfirm {
            principal: a.principal.clone(),
            code,
        }) {
            Ok(c) => {
                confirmed_note(ui, &c);
                return Ok(0);
            }
            // A wrong code (a policy refusal, here or relayed by a server): try again.
            Err(e)
                if attempt < PROMPT_ATTEMPTS
                    && crate::api::WireError::from(&e).kind == "policy" =>
            {
                ui.warn(&format!("{e}; try again, or press Enter to confirm later"));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(0)
}

/// The URI as a QR code in Unicode half blocks (two rows of modules per line), light on dark as a
/// terminal shows it, with the quiet zone the standard asks for.
fn qr_code(uri: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

fn prompt_code() -> Result<String> {
    dialoguer::Input::<String>::new()
        .with_prompt("Code from the authenticator app")
        .allow_empty(true)
        .interact_text()
        .map_err(|e| Error::invalid(format!("prompt failed: {e}")))
}

fn confirm(env: &mut Env, who: Option<&str>, code: &str) -> Result<()> {
    let c = env.client.call(api::MfaConfirm {
        principal: who.map(str::to_string),
        code: code.to_string(),
    })?;
    confirmed_note(&env.ui, &c);
    render::one(&env.ui, &c)
}

fn confirmed_note(ui: &Ui, c: &Confirmation) {
    ui.note(&format!(
        "{} is enrolled in MFA; activations and active assignments that require MFA take --otp CODE",
        c.principal
    ));
}

fn reset(env: &mut Env, principal: &str) -> Result<Status> {
    let ui = &env.ui;
    // Ask before the write only when it may go ahead; a refusal is audited by the write itself.
    if let Ok(p) = env.client.call(api::MfaResetTarget {
        principal: principal.to_string(),
    }) && !ui.confirm(&format!("Remove the MFA enrolment of '{}'", p.name))?
    {
        ui.note("nothing changed");
        return Ok(1);
    }
    let r = env.client.call(api::MfaReset {
        principal: principal.to_string(),
    })?;
    if r.removed {
        ui.note(&format!(
            "removed the MFA enrolment of {}; they enrol again with `pim mfa enroll`",
            r.principal
        ));
    } else {
        ui.note(&format!(
            "{} has no MFA enrolment; nothing changed",
            r.principal
        ));
    }
    render::one(ui, &r)?;
    Ok(0)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

impl Tabular for PendingEnrolment {
    fn headers() -> Vec<&'static str> {
        vec!["PRINCIPAL", "SECRET", "OTPAUTH URI", "CONFIRMED"]
    }

    fn cells(&self, _full: bool) -> Vec<String> {
        vec![
            self.principal.clone(),
            self.secret.clone(),
            self.otpauth_uri.clone(),
            yes_no(self.confirmed),
        ]
    }
}

impl Tabular for Confirmation {
    fn headers() -> Vec<&'static str> {
        vec!["PRINCIPAL", "CONFIRMED", "CONFIRMED AT"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.principal.clone(),
            yes_no(self.confirmed),
            time_cell(self.confirmed_at, full),
        ]
    }
}

impl Tabular for MfaStatus {
    fn headers() -> Vec<&'static str> {
        vec![
            "PRINCIPAL",
            "ENROLLED",
            "CONFIRMED",
            "LOCKED UNTIL",
            "FAILURES",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.principal.clone(),
            yes_no(self.enrolled),
            yes_no(self.confirmed),
            self.locked_until
                .map(|t| time_cell(t, full))
                .unwrap_or_default(),
            self.failures.to_string(),
        ]
    }
}

impl Tabular for Reset {
    fn headers() -> Vec<&'static str> {
        vec!["PRINCIPAL", "REMOVED"]
    }

    fn cells(&self, _full: bool) -> Vec<String> {
        vec![self.principal.clone(), yes_no(self.removed)]
    }
}
