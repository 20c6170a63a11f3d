//! `pim activate`: one role, a set from a file, or, on a terminal, a choice of eligible roles.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args};
use serde::Deserialize;

use super::render::{self, Tabular};
use super::target::GroupArgs;
use super::{Env, Format, Status};
use crate::api;
use crate::core::activate::{self, ActivateInput, ActivationResult, Outcome};
use crate::core::schedule;
use crate::core::{Error, Result};

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("what").args(["role", "from", "group"])))]
#[command(group(ArgGroup::new("one").args(["role", "group"])))]
pub struct ActivateArgs {
    /// The role to activate, by name or template GUID
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Where [default: / for directory roles; for Azure roles, the one scope you are eligible at]
    #[arg(long, value_name = "S", requires = "role")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// Activate every entry of a file: TOML `[[activate]]` tables, a JSON list of
    /// {role, scope, duration, justification}, what `pim status -o json` prints (its eligible
    /// roles), or azure-pim-cli's activation set ({role, scope, scope_name}, as `az-pim list` prints)
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Why
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
    /// The ticket that asks for it, when the role's settings require ticket information
    #[arg(long, value_name = "N")]
    pub ticket_number: Option<String>,
    /// The system the ticket is in (e.g. ServiceNow), with --ticket-number
    #[arg(long, value_name = "S")]
    pub ticket_system: Option<String>,
    /// How long [default: the role's maximum]
    #[arg(long, value_name = "D")]
    pub duration: Option<String>,
    /// A later start (RFC 3339 or a date): the activation is scheduled
    #[arg(long, value_name = "T")]
    pub start: Option<String>,
    /// A one-time code from your authenticator, when the role requires MFA
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
    /// Say what would happen and which rules would refuse it; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// When approval is needed, wait this long for the decision: exit 0 once active, 4 if
    /// denied, 1 if timed out or canceled, 5 if the wait ends first
    #[arg(long, value_name = "D", requires = "one", conflicts_with = "dry_run")]
    pub wait: Option<String>,
    /// A role typed where `--role` was meant (`pim activate GA`): refused with a suggestion
    #[arg(hide = true, value_name = "ROLE")]
    pub words: Vec<String>,
}

impl Tabular for ActivationResult {
    fn headers() -> Vec<&'static str> {
        vec![
            "ROLE",
            "SCOPE",
            "OUTCOME",
            "START",
            "END",
            "REQUEST",
            "ASSIGNMENT",
            "MESSAGE",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let id = |s: &Option<String>| match s {
            Some(v) if full => v.clone(),
            Some(v) => render::short_id(v),
            None => String::new(),
        };
        let message = match (&self.error, self.violations.is_empty()) {
            (Some(e), _) => e.clone(),
            (None, false) => self
                .violations
                .iter()
                .map(|v| format!("{}: {}", v.rule, v.message))
                .collect::<Vec<_>>()
                .join("; "),
            (None, true) if self.clipped => "ends with the eligibility".into(),
            _ => String::new(),
        };
        vec![
            self.role.clone(),
            self.scope.clone(),
            serde_json::to_value(self.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            self.start
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.end
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            id(&self.request_id),
            id(&self.assignment_id),
            message,
        ]
    }
}

/// An entry of an activation-set file.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct SetEntry {
    role: String,
    scope: Option<String>,
    /// azure-pim-cli names a scope by its display name too (`scope_name`).
    scope_name: Option<String>,
    duration: Option<String>,
    justification: Option<String>,
    ticket_number: Option<String>,
    ticket_system: Option<String>,
}

/// A TOML (or JSON object) set: defaults for every entry, and the entries.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct SetFile {
    justification: Option<String>,
    ticket_number: Option<String>,
    ticket_system: Option<String>,
    duration: Option<String>,
    activate: Vec<SetEntry>,
}

/// What `pim status -o json` prints, as far as a set needs it.
#[derive(Deserialize, Debug)]
struct StatusDoc {
    eligible: Vec<StatusEntry>,
}

#[derive(Deserialize, Debug)]
struct StatusEntry {
    role: String,
    scope: String,
}

fn read_set(path: &Path) -> Result<SetFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())))?;
    let shown = path.display();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // The extension decides; without one, a file that parses as JSON is JSON, else TOML.
    let is_json = match ext.as_deref() {
        Some("json") => true,
        Some("toml") => false,
        _ => serde_json::from_str::<serde_json::Value>(&text).is_ok(),
    };
    if is_json {
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::invalid(format!("{shown} is not valid JSON: {e}")))?;
        if value.is_array() {
            let activate: Vec<SetEntry> = serde_json::from_value(value)
                .map_err(|e| Error::invalid(format!("{shown}: {e}")))?;
            return Ok(SetFile {
                justification: None,
                ticket_number: None,
                ticket_system: None,
                duration: None,
                activate,
            });
        }
        if value.get("eligible").is_some() {
            let doc: StatusDoc = serde_json::from_value(value)
                .map_err(|e| Error::invalid(format!("{shown}: {e}")))?;
            return Ok(SetFile {
                justification: None,
                ticket_number: None,
                ticket_system: None,
                duration: None,
                activate: doc
                    .eligible
                    .into_iter()
                    .map(|e| SetEntry {
                        role: e.role,
                        scope: Some(e.scope),
                        ..SetEntry::default()
                    })
                    .collect(),
            });
        }
        return serde_json::from_value(value).map_err(|e| Error::invalid(format!("{shown}: {e}")));
    }
    toml::from_str(&text).map_err(|e| {
        Error::invalid(format!(
            "{shown} is not a valid activation set: {}",
            e.to_string().trim_end()
        ))
    })
}

/// An entry as azure-pim-cli writes it: the scope by path or by display name (`scope_name`), the
/// role by its Azure name (Azure's "Security Reader" is pim's "Security Reader (Azure)", the
/// Microsoft Entra role holding the plain name).
fn azure_entry(
    env: &mut Env,
    role: String,
    scope: Option<String>,
    scope_name: Option<String>,
) -> Result<(String, Option<String>)> {
    let scope = match (scope, scope_name) {
        (Some(s), _) => Some(s),
        (None, Some(name)) => Some(env.client.call(api::ScopeByName { name })?.path),
        (None, None) => None,
    };
    let azure_scope = scope.as_deref().is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s.starts_with("/subscriptions/") || s.starts_with("/providers/microsoft.management/")
    });
    if azure_scope {
        let azure_name = format!("{role} (Azure)");
        let plain = env.client.call(api::RoleShow { name: role.clone() });
        if plain.is_ok_and(|r| r.kind != crate::core::model::RoleKind::Azure)
            && env
                .client
                .call(api::RoleShow {
                    name: azure_name.clone(),
                })
                .is_ok()
        {
            return Ok((azure_name, scope));
        }
    }
    Ok((role, scope))
}

fn parse_duration(d: &Option<String>) -> Result<Option<i64>> {
    d.as_deref().map(schedule::parse_duration).transpose()
}

/// Worst first: refused, not found, failed, pending, done.
fn rank(code: u8) -> u8 {
    match code {
        0 => 0,
        5 => 1,
        1 => 2,
        3 => 3,
        _ => 4,
    }
}

/// `pim activate GA`: the role goes after `--role`. Says which role was probably meant: the one
/// named exactly, or abbreviated (`GA`), or spelt nearly so.
fn bare_role(env: &mut Env, words: &[String]) -> Error {
    let word = words.join(" ");
    let names: Vec<String> = env
        .client
        .call(api::RoleList {
            kind: None,
            privileged: false,
        })
        .map(|roles| roles.into_iter().map(|r| r.name).collect())
        .unwrap_or_default();
    let meant = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(&word))
        .cloned()
        .or_else(|| crate::core::names::suggest(&word, names).into_iter().next())
        .unwrap_or_else(|| word.clone());
    Error::usage_with_hint(
        format!("unexpected argument '{word}': did you mean --role \"{meant}\"?",),
        "`pim status` lists what you can activate",
    )
}

pub fn run(a: ActivateArgs, env: &mut Env) -> Result<Status> {
    if !a.words.is_empty() {
        return Err(bare_role(env, &a.words));
    }
    let start = env.start_opt(a.start.as_deref())?;
    let duration = parse_duration(&a.duration)?;
    let base = ActivateInput {
        role: String::new(),
        scope: None,
        justification: a.justification.clone(),
        ticket_number: a.ticket_number.clone(),
        ticket_system: a.ticket_system.clone(),
        duration,
        start,
        otp: a.otp.clone(),
    };
    let wait = a
        .wait
        .as_deref()
        .map(schedule::parse_duration)
        .transpose()?;
    let (role, scope) = a.group.or_role(a.role.clone(), a.scope.clone());
    if let Some(role) = role {
        let input = ActivateInput {
            role,
            scope,
            ..base
        };
        let r = env.client.call(api::Activate {
            input,
            dry_run: a.dry_run,
        })?;
        if let (Some(secs), Some(id)) = (wait, &r.request_id)
            && matches!(
                r.outcome,
                Outcome::PendingApproval | Outcome::AlreadyPending
            )
        {
            env.ui.note(&note(&r));
            return wait_for(env, id, secs);
        }
        report_one(env, &r)?;
        return Ok(r.exit);
    }
    let entries = match &a.from {
        Some(path) => {
            let set = read_set(path)?;
            if set.activate.is_empty() {
                return Err(Error::invalid(format!(
                    "{} lists nothing to activate",
                    path.display()
                )));
            }
            let mut out = Vec::new();
            for e in set.activate {
                let (role, scope) = azure_entry(env, e.role, e.scope, e.scope_name)?;
                out.push(ActivateInput {
                    role,
                    scope,
                    justification: e
                        .justification
                        .or(set.justification.clone())
                        .or(base.justification.clone()),
                    ticket_number: e
                        .ticket_number
                        .or(set.ticket_number.clone())
                        .or(base.ticket_number.clone()),
                    ticket_system: e
                        .ticket_system
                        .or(set.ticket_system.clone())
                        .or(base.ticket_system.clone()),
                    duration: parse_duration(&e.duration)?
                        .or(parse_duration(&set.duration)?)
                        .or(base.duration),
                    start: base.start,
                    otp: base.otp.clone(),
                });
            }
            out
        }
        None => {
            let chosen = interactive(env, &base)?;
            if chosen.is_empty() {
                return Ok(0);
            }
            chosen
        }
    };
    let results = env.client.call(api::ActivateSet {
        entries,
        dry_run: a.dry_run,
    })?;
    for r in &results {
        match r.outcome {
            // An entry that did not happen is an error, even when others in the set did.
            Outcome::Refused | Outcome::Failed => env.ui.error(&format!(
                "{} at {}: {}",
                r.role,
                r.scope,
                r.error.clone().unwrap_or_default()
            )),
            _ => env.ui.note(&note(r)),
        }
    }
    render::list(&env.ui, &results, "nothing activated")?;
    Ok(results
        .iter()
        .map(|r| r.exit)
        .max_by_key(|c| rank(*c))
        .unwrap_or(0))
}

fn note(r: &ActivationResult) -> String {
    let what = activate::describe(r, render::when);
    match r.outcome {
        Outcome::Activated => format!("activated {what}"),
        Outcome::Scheduled => format!(
            "scheduled {what} from {}",
            r.start.map(render::when).unwrap_or_default()
        ),
        Outcome::AlreadyActive => format!("already active: {what}; nothing changed"),
        Outcome::PendingApproval => format!(
            "requested {what}: waiting for approval (request {})",
            r.request_id
                .as_deref()
                .map(render::short_id)
                .unwrap_or_default()
        ),
        Outcome::AlreadyPending => format!(
            "a request for {} at {} is already waiting for approval (request {})",
            r.role,
            r.scope,
            r.request_id
                .as_deref()
                .map(render::short_id)
                .unwrap_or_default()
        ),
        Outcome::WouldActivate => format!("dry run: would activate {what}; nothing changed"),
        Outcome::WouldRequestApproval => {
            format!("dry run: would ask approval to activate {what}; nothing changed")
        }
        Outcome::WouldBeRefused => format!(
            "dry run: {} at {} would be refused; nothing changed",
            r.role, r.scope
        ),
        Outcome::Refused | Outcome::Failed => format!(
            "{} at {}: {}",
            r.role,
            r.scope,
            r.error.clone().unwrap_or_default()
        ),
    }
}

fn report_one(env: &Env, r: &ActivationResult) -> Result<()> {
    env.ui.note(&note(r));
    if r.clipped && !matches!(r.outcome, Outcome::AlreadyActive) {
        env.ui
            .note("the activation ends with the eligibility it comes from");
    }
    for v in &r.violations {
        env.ui.raw_err(&format!("  {}: {}", v.rule, v.message));
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, r),
        _ => render::one(&env.ui, r),
    }
}

/// On a terminal with no role named: choose among the eligible roles, then answer what their
/// settings require. Off a terminal, the missing flag is named.
fn interactive(env: &mut Env, base: &ActivateInput) -> Result<Vec<ActivateInput>> {
    if !env.ui.interactive {
        return Err(super::error::needs_terminal(
            "activate",
            "--role ROLE (or --group G --access A, or --from FILE)",
            "`pim status` lists what you can activate; Azure roles also take --scope S",
        ));
    }
    let status = env.client.call(api::Status { principal: None })?;
    if status.eligible.is_empty() {
        return Err(Error::policy_with_hint(
            crate::core::policy::rule::ELIGIBILITY,
            format!(
                "'{}' holds no eligible assignment to activate",
                status.principal
            ),
            "ask an administrator for one (`pim assign`)",
        ));
    }
    // Only what can be activated now: not what is already active (an activation of that
    // eligibility, or an active assignment of the role there), nor what waits for approval.
    let mut left_out = Vec::new();
    let offered: Vec<&crate::core::status::StatusItem> = status
        .eligible
        .iter()
        .filter(|e| {
            let active = status.active.iter().any(|a| {
                a.activated_from.as_deref() == Some(e.assignment_id.as_str())
                    || (a.role_id == e.role_id && a.scope == e.scope)
            });
            let waiting = status
                .pending
                .iter()
                .any(|p| p.role_id == e.role_id && p.scope == e.scope);
            if active || waiting {
                left_out.push(format!(
                    "{} at {} ({})",
                    e.role,
                    e.scope,
                    if active {
                        "active"
                    } else {
                        "waiting for approval"
                    }
                ));
            }
            !active && !waiting
        })
        .collect();
    if offered.is_empty() {
        env.ui.note(&format!(
            "nothing left to activate: {}",
            left_out.join(", ")
        ));
        return Ok(Vec::new());
    }
    if !left_out.is_empty() {
        env.ui
            .note(&format!("not offered: {}", left_out.join(", ")));
    }
    let items: Vec<String> = offered
        .iter()
        .map(|e| match &e.via_group {
            Some(g) => format!("{} at {} (through {g})", e.role, e.scope),
            None => format!("{} at {}", e.role, e.scope),
        })
        .map(|line| super::ui::escape(&line).into_owned())
        .collect();
    let picked = loop {
        let picked = dialoguer::MultiSelect::new()
            .with_prompt("Roles to activate (↑/↓ move, Space selects, Enter confirms, Esc cancels)")
            .items(&items)
            .interact_opt()
            .map_err(|e| Error::invalid(format!("prompt failed: {e}")))?;
        match picked {
            None => return Err(Error::invalid("canceled: nothing activated")),
            Some(p) if p.is_empty() => env.ui.hint(
                "nothing selected: press Space on a role to select it, then Enter (Esc cancels)",
            ),
            Some(p) => break p,
        }
    };
    let chosen: Vec<(String, String)> = picked
        .iter()
        .map(|&i| (offered[i].role.clone(), offered[i].scope.clone()))
        .collect();
    let mut needs_justification = false;
    let mut needs_ticket = false;
    let mut needs_mfa = Vec::new();
    let mut max = i64::MAX;
    for (role, scope) in &chosen {
        let req = env.client.call(api::Requirements {
            role: role.clone(),
            scope: scope.clone(),
        })?;
        needs_justification |= req.require_justification;
        needs_ticket |= req.require_ticket;
        if req.require_mfa {
            needs_mfa.push(format!("{role} at {scope}"));
        }
        max = max.min(req.max_duration_secs);
    }
    // A code can only be asked of someone enrolled: say so before asking anything else.
    if !needs_mfa.is_empty() && base.otp.is_none() {
        let mfa = env.client.call(api::MfaStatus { principal: None })?;
        if !mfa.confirmed {
            return Err(Error::policy_with_hint(
                crate::core::policy::rule::MFA,
                format!(
                    "{} require{} MFA, and '{}' is not enrolled{}",
                    needs_mfa.join(", "),
                    if needs_mfa.len() == 1 { "s" } else { "" },
                    mfa.principal,
                    if mfa.enrolled {
                        " (the enrolment waits for its first code)"
                    } else {
                        ""
                    }
                ),
                if mfa.enrolled {
                    "finish with `pim mfa enroll --code CODE`, then activate again"
                } else {
                    "enrol with `pim mfa enroll`, then activate again"
                },
            ));
        }
    }
    let needs_mfa = !needs_mfa.is_empty();
    let prompt_err = |e: dialoguer::Error| Error::invalid(format!("prompt failed: {e}"));
    let mut out = base.clone();
    if needs_justification && out.justification.is_none() {
        out.justification = Some(
            dialoguer::Input::<String>::new()
                .with_prompt("Justification")
                .interact_text()
                .map_err(prompt_err)?,
        );
    }
    if needs_ticket && out.ticket_number.is_none() {
        out.ticket_number = Some(
            dialoguer::Input::<String>::new()
                .with_prompt("Ticket number")
                .interact_text()
                .map_err(prompt_err)?,
        );
    }
    if needs_ticket && out.ticket_system.is_none() {
        out.ticket_system = Some(
            dialoguer::Input::<String>::new()
                .with_prompt("Ticket system")
                .interact_text()
                .map_err(prompt_err)?,
        );
    }
    if out.duration.is_none() {
        let text = dialoguer::Input::<String>::new()
            .with_prompt("Duration")
            .default(schedule::format_duration(max))
            .interact_text()
            .map_err(prompt_err)?;
        out.duration = Some(schedule::parse_duration(&text)?);
    }
    if needs_mfa && out.otp.is_none() {
        out.otp = Some(
            dialoguer::Input::<String>::new()
                .with_prompt("One-time code")
                .interact_text()
                .map_err(prompt_err)?,
        );
    }
    Ok(chosen
        .into_iter()
        .map(|(role, scope)| ActivateInput {
            role,
            scope: Some(scope),
            ..out.clone()
        })
        .collect())
}

/// Polls the request (twice a second, no busy loop) until it is decided, its stage times out, or
/// the wait ends; then prints the request.
fn wait_for(env: &mut Env, id: &str, secs: i64) -> Result<Status> {
    use crate::core::model::RequestStatus;
    use std::time::{Duration, Instant};
    let started = Instant::now();
    let limit = Duration::from_secs(secs.max(0) as u64);
    let stage_left = env
        .client
        .call(api::RequestShow { id: id.to_string() })?
        .time_left_secs;
    env.ui.note(&format!(
        "waiting up to {} for a decision…",
        schedule::format_duration(secs)
    ));
    let code = loop {
        let elapsed = started.elapsed();
        match env.client.call(api::RequestState { id: id.to_string() })? {
            Some(RequestStatus::Provisioned | RequestStatus::Scheduled) => {
                env.ui.note("approved: the role is active");
                break 0;
            }
            Some(RequestStatus::Denied) => {
                env.ui.warn("the request was denied");
                break 4;
            }
            Some(
                s @ (RequestStatus::TimedOut | RequestStatus::Canceled | RequestStatus::Failed),
            ) => {
                env.ui.warn(&format!("the request ended: {s}"));
                break 1;
            }
            _ => {}
        }
        if stage_left.is_some_and(|left| elapsed.as_secs() as i64 >= left) {
            env.ui.warn("the request timed out waiting for approval");
            break 1;
        }
        if elapsed >= limit {
            env.ui
                .note("still waiting for approval; the request stays open");
            break 5;
        }
        std::thread::sleep(Duration::from_millis(500).min(limit - elapsed));
    };
    let view = env.client.call(api::RequestShow { id: id.to_string() })?;
    render::one(&env.ui, &view)?;
    Ok(code)
}
