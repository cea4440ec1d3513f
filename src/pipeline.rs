//! The check pipeline without IO: lower every file in parallel, build the program, run the
//! selected rules, sort. `cli`, `lsp` and tests all go through here.
//!
//! Type refinement (`refine_types`): what one file cannot see goes back to the Python front-end,
//! which lowers again, at most twice (`TYPE_ROUNDS`), the files that asked for it:
//!
//! - the type of a parameter (`analysis::params`, `ModuleFacts::typed_params_asked`) or of a
//!   field/global that changed (`typed_places_asked`). A field or global gets a type from a
//!   factory's result, or from its declarations when they agree: one wired in by another function
//!   or file (`accounts.ledger = Ledger(..)`) types the methods calling through it, lowered
//!   before;
//! - a file that only stores a factory's newly typed result gets the declaration added in place
//!   (`untyped_factory_binds`) instead of being lowered again;
//! - the first lowering already answers lookups of module globals with the types
//!   `frontend/python/guesses.rs` guesses, and the first round sends back only the files that
//!   asked a place whose guess the program did not confirm (a guess never declares a place, so it
//!   cannot confirm itself);
//! - lock types no file sees by itself, lock wrapper classes and module-level aliases of lock
//!   classes (`held_locks::lock_types`), go back the same way to the modules that define or
//!   import them and looked their names up (`ModuleFacts::lock_types_asked`);
//! - so do `@contextmanager` lock helpers of other modules (`ModuleFacts::lock_helpers` ->
//!   `TypeHints::lock_helpers`, to the files that asked, `lock_helpers_asked`), and the classes of
//!   `TypeHints::param_methods`;
//! - each round's call graph hands its memos and the modules not lowered again to the next
//!   (`callgraph::Declared`, `callgraph::Kept`; see `analysis/callgraph.rs`).
//!
//! Rules run in waves by family (`WAVES`: races and deadlocks, whose two large analyses overlap,
//! then the rest); after a wave, `Facts::forget` drops the analyses no later wave uses. Within a
//! wave each rule runs on a thread of its own (`run_rules`), so the shared analyses it forces
//! start at once and overlap.

use rustc_hash::FxHashSet as HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::callgraph::{CallGraph, Declared, Kept};
use crate::analysis::params::ParamTypes;
use crate::analysis::{Analysis, Facts};
use crate::finding::{sort_and_dedup, Finding};
use crate::frontend::TypeHints;
use crate::ir::{self, Program};
use crate::models::Models;
use crate::rules::{self, RuleDef, Status};
use crate::source::{FileId, Lang, SourceDb, SourceFile, Span};
use crate::workspace::{self, suppress, Config, Workspace};

/// Which rules run. Built by `cli`/`workspace` from `--select`, `--ignore`, `--preview` and config.
#[derive(Clone, Debug, Default)]
pub struct RuleSelection {
    /// Codes or prefixes (`KN2`, `KN201`); empty means every stable rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub preview: bool,
}

impl RuleSelection {
    pub fn only(code: &str) -> RuleSelection {
        RuleSelection {
            select: vec![code.to_string()],
            ..Default::default()
        }
    }

    /// Whether `rule` runs. An explicit selection of the full code enables a preview rule.
    pub fn enabled(&self, rule: &RuleDef) -> bool {
        let matches = |pat: &String| {
            rule.code.starts_with(pat.to_ascii_uppercase().as_str())
                || pat.eq_ignore_ascii_case("ALL")
        };
        if self.ignore.iter().any(matches) {
            return false;
        }
        let explicitly = self
            .select
            .iter()
            .any(|p| p.eq_ignore_ascii_case(rule.code));
        let selected = self.select.is_empty() || self.select.iter().any(matches);
        match rule.status {
            Status::Stable => selected,
            Status::Preview { .. } => explicitly || (selected && self.preview),
        }
    }
}

/// The result of a check: findings sorted and deduplicated, plus whether knot itself failed
/// somewhere (a caught panic), which makes the CLI exit 2.
#[derive(Debug, Default)]
pub struct CheckOutput {
    pub findings: Vec<Finding>,
    pub internal_error: bool,
}

/// Lowers every file of `db` (in parallel) and runs the selected rules over the whole program.
pub fn check_db(db: &SourceDb, models: &Models, selection: &RuleSelection) -> CheckOutput {
    check_program(&mut db.clone(), models, selection, None)
}

/// Reads a file's text again by its display path, for a check that gave the texts back.
type Reread<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// [`check_db`]; with `reread`, each file's text is given back as soon as the file is lowered
/// (see [`SourceDb::release_texts`]) and read again through `reread` only to lower it again.
fn check_program(
    db: &mut SourceDb,
    models: &Models,
    selection: &RuleSelection,
    reread: Option<Reread<'_>>,
) -> CheckOutput {
    let guessing = crate::timings::phase("guess global types");
    let first_hints = TypeHints {
        guessed_places: guess_global_types(db),
        ..TypeHints::default()
    };
    drop(guessing);
    let lowering = crate::timings::phase("lower (parallel)");
    // Giving each text back once its IR is built keeps the texts and the IR of the whole
    // program from being held at once (a seventh of the peak memory on the benchmark corpus).
    let lowered: Vec<(Option<ir::Module>, Vec<Finding>)> = db
        .files_mut()
        .par_iter_mut()
        .map(|file| {
            let out = lower_guarded(file, models, &first_hints);
            if reread.is_some() {
                file.release_text();
            }
            out
        })
        .collect();
    drop(lowering);
    let mut out = CheckOutput::default();
    let mut program = Program::default();
    for (module, findings) in lowered {
        out.internal_error |= findings
            .iter()
            .any(|f| f.code == rules::tool::internal_error::RULE.code);
        out.findings.extend(findings);
        program.modules.extend(module);
    }
    // The call graph of the program as finally lowered: the last one `refine_types` built when
    // its round changed nothing, so it is not built again.
    let mut hints = first_hints;
    let mut round = 0;
    // What the last call graph found in the modules its round did not lower again (their
    // functions' resolved calls and events) and its name lookups, kept while the program
    // declares the same names (the files lowered again usually change bodies, not
    // declarations): the next call graph walks only the files lowered again.
    let mut kept = Kept::default();
    let cg = loop {
        let cg = {
            let _t = crate::timings::phase("callgraph");
            CallGraph::compute_kept(&mut program, std::mem::take(&mut kept))
        };
        if round == TYPE_ROUNDS {
            break cg;
        }
        round += 1;
        let refined = {
            let _t = crate::timings::phase("refine_types");
            refine_types(&cg, models, &hints)
        };
        let Some((next, mut affected)) = refined else {
            break cg;
        };
        let relowering = crate::timings::phase("relower (parallel)");
        let parts = cg.into_parts();
        if let Some(read) = reread {
            db.reload_texts(affected.iter().map(|&i| program.modules[i].file), read);
            // A file gone or emptied since it was read keeps its IR and gets only the new
            // declarations below (lowering an empty text would drop everything it had).
            affected.retain(|&i| !db.get(program.modules[i].file).text.is_empty());
        }
        // SAFETY: `parts` is of the call graph over `program`, which has not changed since.
        kept = unsafe { parts.keep(&mut program, |i| affected.binary_search(&i).is_err()) };
        for (i, m) in program.modules.iter_mut().enumerate() {
            if m.lang == Lang::Python && affected.binary_search(&i).is_err() {
                declare_factory_results(m, &hints, &next);
            }
        }
        // The old IR of a file goes before its new IR is built, so the two never coexist
        // (this round is the run's peak of memory otherwise).
        let old: Vec<(usize, ir::Module)> = affected
            .iter()
            .map(|&i| {
                let m = &program.modules[i];
                let stand_in = crate::frontend::empty_module(db.get(m.file), m.lang);
                (i, std::mem::replace(&mut program.modules[i], stand_in))
            })
            .collect();
        let relowered: Vec<(usize, Option<ir::Module>, bool)> = old
            .into_par_iter()
            .map(|(i, module)| {
                let file = db.get(module.file);
                let declared = Declared::of(&module);
                drop(module);
                let new = lower_guarded(file, models, &next).0;
                let same = new.as_ref().is_some_and(|m| Declared::of(m) == declared);
                (i, new, same)
            })
            .collect();
        if !relowered.iter().all(|(_, _, same)| *same) {
            kept.forget_findings();
        }
        for (i, module, _) in relowered {
            if let Some(m) = module {
                program.modules[i] = m;
            }
        }
        if reread.is_some() {
            db.release_texts();
        }
        drop(relowering);
        hints = next;
    };
    let db = &*db;
    let mut facts = Facts::with_callgraph(cg, models);
    let selected: Vec<&RuleDef> = rules::ALL
        .iter()
        .copied()
        .filter(|r| selection.enabled(r))
        .collect();
    let results = run_waves(&selected, &mut facts, db);
    for result in results {
        match result {
            Ok(found) => out.findings.extend(found),
            Err(failure) => {
                out.internal_error = true;
                out.findings.push(failure);
            }
        }
    }
    out.findings.retain(|f| {
        let rule = rules::by_code(f.code);
        rule.is_none_or(|r| r.check.is_none() || selection.enabled(r))
    });
    sort_and_dedup(&mut out.findings);
    // Freeing the IR of a large program takes a noticeable share of a run; do it off the
    // caller's path (a CLI exits before it matters, a server gets the memory back soon).
    drop(facts);
    rayon::spawn(move || drop(program));
    out
}

/// Rules run in waves, one after another, each wave's rules at once (see [`run_rules`]); after
/// a wave, the analyses no later wave uses are dropped, so the analyses of every rule are never
/// held at once (`held_locks` alone is a tenth of the peak on the benchmark corpus). A wave is
/// listed by codes or code prefixes; a rule goes to the first wave naming it, or to the last.
/// Which analyses a wave's rules use decides only memory and time: one asked for after it was
/// dropped is computed again. Each analysis has serial parts that leave the other cores idle
/// unless another analysis runs beside it, so a wave should hold more than one large one.
const WAVES: &[(&[&str], &[Analysis])] = &[
    // The two largest analyses, `sharing` (races, KN509 and KN511) and `held_locks` (deadlocks; KN104
    // asks for both), overlap; the smaller ones of the lifecycle, resource and mismatch rules
    // overlap in the last wave.
    (
        &["KN1", "KN509", "KN511", "KN2"],
        &[Analysis::Sharing, Analysis::HeldLocks, Analysis::LockOrder],
    ),
    (&[], &[]),
];

/// [`run_rules`] for `rules` in [`WAVES`], findings in `rules` order.
fn run_waves(
    rules: &[&RuleDef],
    facts: &mut Facts<'_>,
    db: &SourceDb,
) -> Vec<Result<Vec<Finding>, Finding>> {
    let wave_of = |rule: &RuleDef| {
        WAVES
            .iter()
            .position(|(codes, _)| codes.iter().any(|c| rule.code.starts_with(c)))
            .unwrap_or(WAVES.len() - 1)
    };
    let mut results: Vec<Option<Result<Vec<Finding>, Finding>>> =
        std::iter::repeat_with(|| None).take(rules.len()).collect();
    for (wave, (_, done)) in WAVES.iter().enumerate() {
        let (indices, members): (Vec<usize>, Vec<&RuleDef>) = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| wave_of(r) == wave)
            .map(|(i, r)| (i, *r))
            .unzip();
        for (i, found) in indices.into_iter().zip(run_rules(&members, facts, db)) {
            results[i] = found;
        }
        facts.forget(done);
    }
    results.into_iter().flatten().collect()
}

/// Runs `rules` and returns their findings in `rules` order (`None` for a rule without a
/// check), or the internal error a rule's panic becomes.
///
/// Each rule runs on a thread of its own: rules wait on the analyses they share (`Facts` holds
/// them in `OnceLock`s), and a rule waiting must not keep a core from work, so with a thread
/// per rule every analysis some rule needs starts at once and they overlap. Data-parallel work
/// inside an analysis goes to the rayon pool, whose workers never wait on a `Facts` cell (no
/// rule runs there), so the two cannot deadlock.
fn run_rules(
    rules: &[&RuleDef],
    facts: &Facts<'_>,
    db: &SourceDb,
) -> Vec<Option<Result<Vec<Finding>, Finding>>> {
    let run = |rule: &RuleDef| -> Option<Result<Vec<Finding>, Finding>> {
        let check = rule.check?;
        let _timing = crate::timings::phase(rule.code);
        let mut found = Vec::new();
        Some(
            match catch_unwind(AssertUnwindSafe(|| check(facts, &mut found))) {
                Ok(()) => Ok(found),
                Err(payload) => {
                    let what = panic_message(&payload);
                    let file = db.files().first()?;
                    Err(internal_error(
                        file,
                        &format!("rule {} failed: {what}", rule.code),
                    ))
                }
            },
        )
    };
    if rayon::current_num_threads() <= 1 {
        return rules.iter().map(|r| run(r)).collect();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = rules
            .iter()
            .map(|&rule| {
                // A thread that cannot be started runs its rule here instead, once the ones
                // started are joined below.
                std::thread::Builder::new()
                    .name(format!("knot {}", rule.code))
                    .spawn_scoped(s, move || run(rule))
                    .map_err(|_| rule)
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                // `run` catches a rule's panic, so a thread ends normally.
                Ok(thread) => thread.join().ok().flatten(),
                Err(rule) => run(rule),
            })
            .collect()
    })
}

/// Rounds of feeding whole-program types back into the front-end: each round can type one more
/// level of `obj.attr` handed on as an argument.
const TYPE_ROUNDS: usize = 2;

/// One round of feeding whole-program types back into the front-end: lowers again, with
/// [`TypeHints`], the Python files whose parameters every call site passes one class (or whose
/// fields hold a factory's result), so that `sem.cond` in a callee names a field of that class.
/// Returns the new hints and the modules to lower again, by index in ascending order (the
/// others get new factory declarations from [`declare_factory_results`]), or `None` when the
/// round changes nothing (the program stays as it is).
#[allow(clippy::type_complexity)]
fn refine_types(
    cg: &CallGraph<'_>,
    models: &Models,
    hints: &TypeHints,
) -> Option<(TypeHints, Vec<usize>)> {
    let program = cg.program();
    let next = {
        let facts = {
            let _t = crate::timings::phase("param types");
            ParamTypes::compute(cg, &hints.params)
        };
        // Place types accumulate: a place typed in an earlier round is declared in the
        // files lowered with it and so no longer derived, but must stay a hint.
        let mut places = hints.places.clone();
        for (p, ty) in facts.derived_types() {
            places.insert(p.clone(), ty.clone());
        }
        TypeHints {
            params: facts
                .param_types()
                .map(|(f, i, ty)| ((f.to_string(), i), ty.clone()))
                .collect(),
            param_methods: facts
                .param_methods()
                .map(|(k, ty)| (k.clone(), ty.clone()))
                .collect(),
            places,
            lock_types: crate::analysis::held_locks::lock_types(cg, models),
            lock_helpers: program
                .modules
                .iter()
                .flat_map(|m| m.facts.lock_helpers.iter().cloned())
                .collect(),
            guessed_places: Default::default(),
        }
    };
    if next == *hints {
        return None;
    }
    // Parameters whose type changed this round (learned, changed or forgotten).
    let changed_params: HashSet<(&str, usize)> = next
        .params
        .iter()
        .filter(|(k, v)| hints.params.get(*k) != Some(*v))
        .map(|((f, i), _)| (f.as_str(), *i))
        .chain(
            hints
                .params
                .keys()
                .filter(|k| !next.params.contains_key(*k))
                .map(|(f, i)| (f.as_str(), *i)),
        )
        .chain(
            (next.param_methods.iter())
                .filter(|(k, v)| hints.param_methods.get(*k) != Some(*v))
                .chain(
                    (hints.param_methods.iter())
                        .filter(|(k, _)| !next.param_methods.contains_key(*k)),
                )
                .map(|((f, i, _), _)| (f.as_str(), *i)),
        )
        .collect();
    // Places typed anew this round: the binds of a factory's result get declared.
    let newly_typed: HashSet<&ir::Place> = next
        .places
        .iter()
        .filter(|(k, v)| hints.places.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    // Places whose type differs from what the files were lowered with: a guess counts, so a
    // file that asked only places guessed right is not lowered again; a guess the program did
    // not confirm is a change too.
    let changed_places: HashSet<&ir::Place> = next
        .places
        .iter()
        .filter(|(k, v)| {
            (hints.places.get(*k)).or_else(|| hints.guessed_places.get(*k)) != Some(*v)
        })
        .map(|(k, _)| k)
        .chain(
            (hints.guessed_places.keys())
                .filter(|k| !next.places.contains_key(*k) && !hints.places.contains_key(*k)),
        )
        .collect();
    // Lock helpers learned, changed or forgotten this round.
    let changed_helpers: HashSet<&str> = next
        .lock_helpers
        .iter()
        .filter(|(k, v)| hints.lock_helpers.get(*k) != Some(*v))
        .map(|(k, _)| k.as_str())
        .chain(
            hints
                .lock_helpers
                .keys()
                .filter(|k| !next.lock_helpers.contains_key(*k))
                .map(String::as_str),
        )
        .collect();
    let asks_lock_helper = |m: &ir::Module| {
        !changed_helpers.is_empty()
            && m.facts
                .lock_helpers_asked
                .iter()
                .any(|n| changed_helpers.contains(n.as_str()))
    };
    let affected: Vec<usize> = {
        let names_lock_type = lock_type_users(program, hints, &next);
        program
            .modules
            .par_iter()
            .enumerate()
            .filter(|(_, m)| {
                m.lang == Lang::Python
                    && (concerns(m, &changed_params, &changed_places)
                        || names_lock_type(m)
                        || asks_lock_helper(m))
            })
            .map(|(i, _)| i)
            .collect()
    };
    let declares_more = program.modules.iter().enumerate().any(|(i, m)| {
        m.lang == Lang::Python
            && affected.binary_search(&i).is_err()
            && m.facts
                .untyped_factory_binds
                .iter()
                .any(|(p, _)| newly_typed.contains(p))
    });
    crate::timings::note("lowered again", || {
        let by = |test: &dyn Fn(&ir::Module) -> bool| {
            affected
                .iter()
                .filter(|&&i| test(&program.modules[i]))
                .count()
        };
        let names_lock_type = lock_type_users(program, hints, &next);
        format!(
            "{} of {} modules (parameters or places {}, lock types {}, lock helpers {})",
            affected.len(),
            program.modules.len(),
            by(&|m| concerns(m, &changed_params, &changed_places)),
            by(&|m| names_lock_type(m)),
            by(&|m| asks_lock_helper(m)),
        )
    });
    crate::timings::detail("lowered again by", || {
        // Each changed parameter or place with the number of modules it sends back, most first.
        let mut by: std::collections::BTreeMap<String, usize> = Default::default();
        for &i in &affected {
            let m = &program.modules[i];
            for (f, n) in &m.facts.typed_params_asked {
                if changed_params.contains(&(f.as_str(), *n)) {
                    *by.entry(format!("param {f}#{n}")).or_default() += 1;
                }
            }
            for p in &m.facts.typed_places_asked {
                if changed_places.contains(p) {
                    *by.entry(format!("place {p:?} -> {:?}", next.places.get(p)))
                        .or_default() += 1;
                }
            }
        }
        let mut by: Vec<(String, usize)> = by.into_iter().collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by.iter()
            .take(40)
            .map(|(k, n)| format!("\n  {n:>4}  {k}"))
            .collect()
    });
    crate::timings::detail("lowered again, largest", || {
        // The modules sent back with the most functions (what a lowering costs), with why.
        let mut largest: Vec<(usize, &str, String)> = affected
            .iter()
            .map(|&i| {
                let m = &program.modules[i];
                let params = (m.facts.typed_params_asked.iter())
                    .filter(|(f, n)| changed_params.contains(&(f.as_str(), *n)))
                    .map(|(f, n)| format!("param {f}#{n}"));
                let places = (m.facts.typed_places_asked.iter())
                    .filter(|p| changed_places.contains(p))
                    .map(|p| format!("{p:?}"));
                let why: Vec<String> = params.chain(places).take(3).collect();
                (m.functions.len(), m.name.as_str(), why.join(", "))
            })
            .collect();
        largest.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        largest
            .iter()
            .take(25)
            .map(|(n, name, why)| format!("\n  {n:>4}  {name}: {why}"))
            .collect()
    });
    if affected.is_empty() && !declares_more {
        return None;
    }
    Some((next, affected))
}

/// The types of module globals guessed from each Python file's text (`python::guesses`),
/// for the first lowering.
fn guess_global_types(db: &SourceDb) -> rustc_hash::FxHashMap<ir::Place, String> {
    let guessed: Vec<Vec<(String, String)>> = db
        .files()
        .par_iter()
        .filter(|f| Lang::from_path(&f.path) == Some(Lang::Python))
        .map(|f| crate::frontend::python::guesses::global_types(&f.module, &f.text))
        .collect();
    guessed
        .into_iter()
        .flatten()
        .map(|(global, ty)| (ir::Place::Global(ir::Name::new(&global)), ty))
        .collect()
}

/// Which modules can name a lock type learned or forgotten this round
/// (`TypeHints::lock_types`): those importing the name itself, and, for a lock class or alias
/// the name's module defines (not a re-export of a name it imports), that module and those
/// importing it (`mod.ALock()`); of those, only the ones whose last lowering looked the name up
/// (`ModuleFacts::lock_types_asked`), as lowering one that did not again would give the same IR.
fn lock_type_users<'a>(
    program: &'a Program,
    hints: &'a TypeHints,
    next: &'a TypeHints,
) -> impl Fn(&ir::Module) -> bool + Sync + 'a {
    let changed: Vec<(&str, &str)> = next
        .lock_types
        .iter()
        .filter(|(k, v)| hints.lock_types.get(*k) != Some(*v))
        .chain(
            hints
                .lock_types
                .iter()
                .filter(|(k, _)| !next.lock_types.contains_key(*k)),
        )
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut names: HashSet<&str> = HashSet::default();
    let mut defining: HashSet<&str> = HashSet::default();
    if !changed.is_empty() {
        let by_name: std::collections::HashMap<&str, &ir::Module> = program
            .modules
            .iter()
            .filter(|m| m.lang == Lang::Python)
            .map(|m| (m.name.as_str(), m))
            .collect();
        for (name, ty) in changed {
            names.insert(name);
            let Some((module, _)) = name.rsplit_once('.') else {
                continue;
            };
            let re_export = by_name
                .get(module)
                .is_some_and(|m| m.facts.imports.iter().any(|i| i.name == ty));
            if !re_export {
                defining.insert(module);
            }
        }
    }
    move |m: &ir::Module| {
        (!names.is_empty())
            && (defining.contains(m.name.as_str())
                || m.facts
                    .imports
                    .iter()
                    .any(|i| names.contains(i.name.as_str()) || defining.contains(i.name.as_str())))
            && m.facts
                .lock_types_asked
                .iter()
                .any(|n| names.contains(n.as_str()))
    }
}

/// Whether lowering `m` again can change it: its front-end looked up the type of a parameter in
/// `params` (a parameter it never asked about cannot change what it emitted), or it binds a
/// place in `places` (its declaration gets the new type).
fn concerns(m: &ir::Module, params: &HashSet<(&str, usize)>, places: &HashSet<&ir::Place>) -> bool {
    m.facts
        .typed_params_asked
        .iter()
        .any(|(f, i)| params.contains(&(f.as_str(), *i)))
        || m.facts
            .typed_places_asked
            .iter()
            .any(|p| places.contains(p))
}

/// What lowering `m` again with `next` would change when [`concerns`] says nothing else can:
/// the declaration of each `place = factory()` whose factory the program now types. Adds or
/// retypes those declarations in place, at the position lowering would have put them (source
/// order), so the module is as if lowered again.
fn declare_factory_results(m: &mut ir::Module, hints: &TypeHints, next: &TypeHints) {
    for (place, span) in &m.facts.untyped_factory_binds {
        let Some(ty) = next.places.get(place) else {
            continue;
        };
        if hints.places.get(place) == Some(ty) {
            continue;
        }
        let ty = ir::Name::new(ty);
        if let Some(d) = m
            .decls
            .iter_mut()
            .find(|d| d.place == *place && d.span == *span)
        {
            d.ty = ty;
            continue;
        }
        let at = m.decls.partition_point(|d| d.span.start <= span.start);
        m.decls.insert(
            at,
            ir::PlaceDecl {
                place: place.clone(),
                ty,
                args: Vec::new(),
                span: *span,
            },
        );
    }
}

/// An editor buffer's unsaved text for the file at `path` (a display path, as `workspace`
/// computes it); `module` is used when the file is not in the workspace yet.
#[derive(Clone, Debug)]
pub struct Overlay {
    pub path: String,
    pub module: String,
    pub text: Arc<str>,
}

/// A loaded workspace checked as `knot check` checks it, with `overlays` in place of (or in
/// addition to) the files read from disk: run the selected rules, keep the loading findings
/// (KN002, KN003) that are enabled, apply suppression comments and per-file ignores, sort.
/// `cwd` is the directory display paths are relative to. Returns the checked db (findings'
/// spans point into it) and the output. Shared by `knot check` and the language server.
pub fn check_workspace(
    ws: &Workspace,
    overlays: &[Overlay],
    models: &Models,
    selection: &RuleSelection,
    cwd: &Path,
) -> (SourceDb, CheckOutput) {
    let (db, loading) = overlay_db(ws, overlays);
    let out = check_db(&db, models, selection);
    finish(db, out, loading, &ws.config, selection, cwd)
}

/// `knot check`: [`check_workspace`] without overlays, on the workspace's own files, whose
/// texts are given back once the program is lowered and read again from disk for the files
/// findings point into (suppression comments and rendering need them). `ws` keeps its
/// configuration and loading findings.
pub fn check_files(
    ws: &mut Workspace,
    models: &Models,
    selection: &RuleSelection,
    cwd: &Path,
) -> (SourceDb, CheckOutput) {
    let mut db = std::mem::take(&mut ws.db);
    let reread = |display: &str| workspace::discover::read_again(cwd, display);
    let out = check_program(&mut db, models, selection, Some(&reread));
    let loading = ws.findings.clone();
    let pointed: std::collections::BTreeSet<FileId> = out
        .findings
        .iter()
        .chain(&loading)
        .flat_map(|f| std::iter::once(f.span.file).chain(f.related.iter().map(|l| l.span.file)))
        .collect();
    db.reload_texts(pointed, |display| {
        workspace::discover::read_again(cwd, display)
    });
    finish(db, out, loading, &ws.config, selection, cwd)
}

/// What both checks of a workspace do after the rules: keep the loading findings that are
/// enabled, apply suppression comments and per-file ignores, sort.
fn finish(
    db: SourceDb,
    mut out: CheckOutput,
    loading: Vec<Finding>,
    config: &Config,
    selection: &RuleSelection,
    cwd: &Path,
) -> (SourceDb, CheckOutput) {
    out.findings.extend(loading);
    out.findings.retain(|f| {
        rules::by_code(f.code).is_none_or(|r| r.check.is_some() || tool_enabled(selection, f))
    });
    suppress::apply(&db, &mut out.findings);
    apply_per_file_ignores(&db, config, cwd, &mut out.findings);
    sort_and_dedup(&mut out.findings);
    (db, out)
}

/// The workspace's db with the overlays applied, still in display-path order (`SourceDb`
/// invariant), and the loading findings moved to the new file ids. A file's KN002 finding
/// (unreadable) goes away when a buffer supplies its text.
fn overlay_db(ws: &Workspace, overlays: &[Overlay]) -> (SourceDb, Vec<Finding>) {
    if overlays.is_empty() {
        return (ws.db.clone(), ws.findings.clone());
    }
    enum Text<'a> {
        Disk(&'a SourceFile),
        Buffer(&'a Overlay),
    }
    let mut entries: std::collections::BTreeMap<&str, Text<'_>> = ws
        .db
        .files()
        .iter()
        .map(|f| (f.path.as_str(), Text::Disk(f)))
        .collect();
    for overlay in overlays {
        entries.insert(overlay.path.as_str(), Text::Buffer(overlay));
    }
    let mut db = SourceDb::new();
    let mut new_id: Vec<Option<FileId>> = vec![None; ws.db.files().len()];
    for entry in entries.values() {
        match entry {
            Text::Disk(f) => {
                let id = db.add(f.path.clone(), f.module.clone(), f.text.clone());
                db.set_crate(id, f.edition, f.own_root);
                new_id[f.id.0 as usize] = Some(id);
            }
            Text::Buffer(o) => {
                let on_disk = ws.db.files().iter().find(|f| f.path == o.path);
                let module = on_disk.map_or_else(|| o.module.clone(), |f| f.module.clone());
                let id = db.add(o.path.clone(), module, o.text.clone());
                db.set_crate(
                    id,
                    on_disk.and_then(|f| f.edition),
                    on_disk.is_some_and(|f| f.own_root),
                );
            }
        }
    }
    let loading = ws
        .findings
        .iter()
        .filter_map(|f| {
            let id = new_id.get(f.span.file.0 as usize).copied().flatten()?;
            let mut f = f.clone();
            f.span = Span::new(id, f.span.start, f.span.end);
            for label in &mut f.related {
                let id = new_id.get(label.span.file.0 as usize).copied().flatten()?;
                label.span = Span::new(id, label.span.start, label.span.end);
            }
            Some(f)
        })
        .collect();
    (db, loading)
}

/// Tool findings (KN00x) obey `--ignore`/`--select` like any rule, except KN003 and KN004,
/// which always show: hiding them would hide why the run exits 2.
fn tool_enabled(selection: &RuleSelection, f: &Finding) -> bool {
    if f.code == rules::tool::invalid_config::RULE.code
        || f.code == rules::tool::internal_error::RULE.code
    {
        return true;
    }
    rules::by_code(f.code).is_some_and(|r| selection.enabled(r))
}

/// Drops findings whose file matches a `per-file-ignores` glob listing their code.
fn apply_per_file_ignores(db: &SourceDb, config: &Config, cwd: &Path, findings: &mut Vec<Finding>) {
    if config.per_file_ignores.is_empty() {
        return;
    }
    let rules: Vec<(globset::GlobMatcher, &Vec<String>)> = config
        .per_file_ignores
        .iter()
        .filter_map(|(glob, codes)| Some((globset::Glob::new(glob).ok()?.compile_matcher(), codes)))
        .collect();
    let anchor = config.dir().unwrap_or(cwd);
    findings.retain(|f| {
        let display = &db.get(f.span.file).path;
        let abs = workspace::discover::absolute(cwd, Path::new(display));
        let rel = abs.strip_prefix(anchor).unwrap_or(&abs);
        let name = abs.file_name().unwrap_or_default();
        !rules.iter().any(|(matcher, codes)| {
            (matcher.is_match(rel) || matcher.is_match(name))
                && codes
                    .iter()
                    .any(|c| c == "ALL" || f.code.starts_with(c.as_str()))
        })
    });
}

fn lower_guarded(
    file: &SourceFile,
    models: &Models,
    hints: &TypeHints,
) -> (Option<ir::Module>, Vec<Finding>) {
    let Some(lang) = Lang::from_path(&file.path) else {
        return (None, Vec::new());
    };
    match catch_unwind(AssertUnwindSafe(|| {
        crate::frontend::lower_with_hints(file, lang, models, hints)
    })) {
        Ok((module, findings)) => (Some(module), findings),
        Err(payload) => {
            let what = panic_message(&payload);
            (
                None,
                vec![internal_error(file, &format!("lowering failed: {what}"))],
            )
        }
    }
}

fn internal_error(file: &SourceFile, what: &str) -> Finding {
    let span = crate::source::Span::new(file.id, 0, 0);
    Finding::new(
        &rules::tool::internal_error::RULE,
        span,
        format!("internal error while checking this file: {what}"),
    )
    .with_help(
        "please report this with the file that triggers it; the rest of the run was not affected",
    )
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Checks one in-memory file with the built-in models (tests, doc examples). The module name is
/// the file stem.
pub fn check_source(path: &str, text: &str, selection: &RuleSelection) -> (SourceDb, Vec<Finding>) {
    let mut db = SourceDb::new();
    db.add(path, default_module_name(path), text);
    let out = check_db(&db, &Models::builtin(), selection);
    (db, out.findings)
}

/// Lowers one in-memory file and renders its IR (`knot debug ir`, IR snapshots).
pub fn lower_to_ir_text(path: &str, text: &str) -> String {
    let mut db = SourceDb::new();
    let id = db.add(path, default_module_name(path), text);
    let models = Models::builtin();
    let file = db.get(id);
    let Some(lang) = Lang::from_path(path) else {
        return String::from("not a Python or Rust file\n");
    };
    let (module, _) = crate::frontend::lower(file, lang, &models);
    ir::print::module_to_text(&module, &db)
}

/// A module name for a lone file: its stem (`crate` for a Rust file, whose items then read
/// `crate::item`).
pub fn default_module_name(path: &str) -> String {
    if path.ends_with(".rs") {
        return "crate".to_string();
    }
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.trim_end_matches(".pyi")
        .trim_end_matches(".py")
        .to_string()
}
