//! `knot rules`: lists every registered rule with its category, languages and status.

use super::{ListFormat, RulesArgs};
use crate::rules::{self, RuleDef, Status};

pub fn run(args: &RulesArgs) -> anyhow::Result<u8> {
    match args.format {
        ListFormat::Text => {
            for rule in rules::ALL {
                println!(
                    "{:<7} {:<34} {:<18} {:<13} {}",
                    rule.code,
                    rule.name,
                    rule.family.category().as_str(),
                    langs(rule),
                    status(rule)
                );
            }
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "category": rule.family.category().as_str(),
                        "languages": rule.langs.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                        "status": status(rule),
                        "severity": rule.severity.as_str(),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        }
    }
    Ok(super::EXIT_CLEAN)
}

pub fn langs(rule: &RuleDef) -> String {
    rule.langs
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn status(rule: &RuleDef) -> &'static str {
    match rule.status {
        Status::Stable => "stable",
        Status::Preview { .. } => "preview",
    }
}
