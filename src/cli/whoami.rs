//! `pim whoami`: who pim takes you for, and how it knows.

use super::{Env, Format, Status, render};
use crate::api;
use crate::core::Result;

pub fn run(env: &mut Env) -> Result<Status> {
    let id = env.client.call(api::Whoami {})?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &id)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec![
                "principal",
                "principal_id",
                "mode",
                "method",
                "subject",
                "login",
            ],
            vec![vec![
                id.principal.clone(),
                id.principal_id.clone(),
                id.mode.clone(),
                id.method.clone(),
                id.subject.clone().unwrap_or_default(),
                id.login.clone().unwrap_or_default(),
            ]],
        )?),
        Format::Table => {
            let how = match (id.method.as_str(), &id.subject, &id.login) {
                ("peer_uid", Some(uid), Some(login)) => format!("peer uid {uid} ({login})"),
                ("peer_uid", Some(uid), None) => format!("peer uid {uid}"),
                ("certificate", Some(f), _) => format!("certificate SHA-256 {f}"),
                _ => "local database, self-asserted".to_string(),
            };
            env.ui.out(&format!("{how} → {}", id.principal));
        }
    }
    Ok(0)
}
