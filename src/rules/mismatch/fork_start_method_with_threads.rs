//! KN511 fork-start-method-with-threads: `multiprocessing` starts a process (a `Process`, a
//! `Pool`, a `ProcessPoolExecutor`) by forking under the `fork` start method while another thread
//! of the program runs. The program picked the wrong way to start processes for a threaded
//! process: the child gets the locks other threads held at the fork, and hangs on one. The
//! analysis is KN206's ([`report_forks`]); KN206 keeps the bare `os.fork()`, whose fix is not a
//! start method.

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::deadlocks::fork_while_threads_run::report_forks;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN511",
    name: "fork-start-method-with-threads",
    family: Family::Mismatch,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN511"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    report_forks(facts, &RULE, true, out);
}
