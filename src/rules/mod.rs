//! The rule registry: one `RuleDef` static per rule, one file per rule, one sorted list.
//! Rules turn analysis facts into findings; they never walk syntax.

use crate::analysis::Facts;
use crate::finding::{Category, Finding, Severity};
use crate::source::Lang;

pub mod deadlocks;
pub(crate) mod kept_fields;
pub mod lifecycle;
pub mod mismatch;
pub(crate) mod paths;
pub mod races;
pub mod resources;
pub mod tool;

/// The rule's doc page, embedded: a missing `rules/docs/KNnnn.md` is a compile error.
macro_rules! rule_doc {
    ($code:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/docs/",
            $code,
            ".md"
        ))
    };
}
pub(crate) use rule_doc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Tool,
    Races,
    Deadlocks,
    Lifecycle,
    Resources,
    Mismatch,
}

impl Family {
    pub fn category(self) -> Category {
        match self {
            Family::Tool => Category::Tool,
            Family::Races => Category::Race,
            Family::Deadlocks => Category::Deadlock,
            Family::Lifecycle => Category::MissingJoin,
            Family::Resources => Category::UnclosedResource,
            Family::Mismatch => Category::ModelMismatch,
        }
    }

    /// The hundreds digit of the family's codes.
    pub fn digit(self) -> char {
        match self {
            Family::Tool => '0',
            Family::Races => '1',
            Family::Deadlocks => '2',
            Family::Lifecycle => '3',
            Family::Resources => '4',
            Family::Mismatch => '5',
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Stable,
    /// Runs only with `--preview` or when selected explicitly.
    Preview {
        since: &'static str,
    },
}

pub type CheckFn = fn(&Facts, &mut Vec<Finding>);

pub struct RuleDef {
    pub code: &'static str,
    /// kebab-case, names the bug, reads after "ignore".
    pub name: &'static str,
    pub family: Family,
    pub langs: &'static [Lang],
    pub status: Status,
    pub severity: Severity,
    /// The Markdown page, from `rule_doc!`.
    pub doc: &'static str,
    /// `None` for tool rules, whose findings come from the pipeline itself (parse errors,
    /// unreadable files, bad config, internal errors).
    pub check: Option<CheckFn>,
}

impl std::fmt::Debug for RuleDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Every rule, sorted by code (a tidy test checks order, uniqueness and naming).
pub static ALL: &[&RuleDef] = &[
    &tool::syntax_error::RULE,
    &tool::unreadable_file::RULE,
    &tool::invalid_config::RULE,
    &tool::internal_error::RULE,
    &races::unsynchronized_read_modify_write::RULE,
    &races::check_then_act::RULE,
    &races::unsynchronized_write::RULE,
    &races::async_check_then_act::RULE,
    &races::static_mut_access::RULE,
    &races::atomic_load_then_store::RULE,
    &deadlocks::lock_order_inversion::RULE,
    &deadlocks::non_reentrant_reacquire::RULE,
    &deadlocks::condition_wait_without_lock::RULE,
    &deadlocks::join_while_holding_lock::RULE,
    &deadlocks::async_lock_reacquire::RULE,
    &deadlocks::fork_while_threads_run::RULE,
    &deadlocks::pool_starvation::RULE,
    &lifecycle::thread_never_joined::RULE,
    &lifecycle::future_never_checked::RULE,
    &lifecycle::task_reference_dropped::RULE,
    &lifecycle::join_handle_dropped::RULE,
    &lifecycle::coroutine_never_awaited::RULE,
    &resources::resource_not_closed::RULE,
    &mismatch::blocking_call_in_async::RULE,
    &mismatch::lock_across_await::RULE,
    &mismatch::multiprocessing_without_main_guard::RULE,
    &mismatch::unpicklable_process_target::RULE,
    &mismatch::loop_call_from_thread::RULE,
    &mismatch::gevent_monkey_patch_late::RULE,
    &mismatch::fork_start_method_with_threads::RULE,
];

/// Whether some module of the program sets a multiprocessing start method (`set_start_method`)
/// that `pred` accepts.
pub(crate) fn start_method_set(program: &crate::ir::Program, pred: impl Fn(&str) -> bool) -> bool {
    program.modules.iter().any(|m| {
        m.facts
            .start_method
            .as_ref()
            .is_some_and(|(method, _)| pred(method))
    })
}

/// Declared types of places, program-wide (`field:Bridge::done` -> `asyncio.Event`); a place
/// two declarations give different types is left out.
pub(crate) fn declared_types(
    program: &crate::ir::Program,
) -> rustc_hash::FxHashMap<&crate::ir::Place, &'static str> {
    let mut out: rustc_hash::FxHashMap<&crate::ir::Place, Option<&'static str>> =
        Default::default();
    for m in &program.modules {
        for d in &m.decls {
            let ty = d.ty.as_str();
            out.entry(&d.place)
                .and_modify(|t| {
                    if *t != Some(ty) {
                        *t = None;
                    }
                })
                .or_insert(Some(ty));
        }
    }
    out.into_iter().filter_map(|(p, t)| Some((p, t?))).collect()
}

pub fn by_code(code: &str) -> Option<&'static RuleDef> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}
