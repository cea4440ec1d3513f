//! What an unannotated parameter holds, learned from its call sites: the place every resolvable
//! call passes (a lock handed down, so `with lock:` in the callee takes the caller's lock) and
//! the class every call passes an instance of (so `sem.cond` in the callee can name a field of
//! that class once the front-end is told: the pipeline feeds these types back into a second
//! lowering of the files they concern).
//! The two are independent and have different readers: the bindings (`ParamFacts`) serve the
//! rules, the types (`ParamTypes`) only the pipeline's type-refinement rounds, so the types are
//! computed only there; a round hands the bindings it finds on the way to its call graph, whose
//! rules read them when the round turns out to be the last.
//!
//! Also the types of places bound to a factory's result (`self.sem = make_sem()` where
//! `make_sem` returns `Sem()`), which call sites passing such a place need.
//!
//! Each is computed once per call graph over the strongly connected components of the call graph, callers first, so a
//! parameter handed on through several levels resolves in one pass; the cost is linear in the
//! number of call sites. Precision first: a parameter stays unknown when two call sites
//! disagree, when one of them passes something knot cannot name, or when the function may be
//! called where knot cannot see it (a method whose name is also called on a receiver of
//! unknown type). Inside a recursive group, a parameter passed around the cycle stays unknown.
//!
//! - Bindings (one place: a lock handed down) are `ParamFacts`, read by the rules.
//! - Types (one class) are `ParamTypes`, computed only for the refinement rounds, from the same
//!   scan of the call sites as the bindings, or, for a Python parameter no call site types, from
//!   the methods called on it (`duck_types`: the one class hierarchy defining a distinctive
//!   private one or two public ones; names of builtin and stdlib types are left out by
//!   `common_method_names.txt`). The bindings go to the round's call graph
//!   (`CallGraph::offer_params`).
//! - The one class among those callers pass a parameter of no type of its own that defines a
//!   method called on it goes back to the front-end too (`ParamTypes` ->
//!   `TypeHints::param_methods`).
//! - Summaries are computed over the call graph's strongly connected components.

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::ir::{Callee, Event, Function, Name, Place};
use crate::source::Span;

/// Where a value leaves a function (the front-ends bind `return x` to this local).
pub const RETURN_SLOT: &str = "return";

/// Parameter bindings, program-wide: what the rules substitute for a parameter.
#[derive(Debug, Default)]
pub struct ParamFacts {
    /// `Param` place -> the place every call site passes.
    places: HashMap<Place, Place>,
}

impl ParamFacts {
    /// The place a parameter always receives, when every call site agrees.
    pub fn place(&self, param: &Place) -> Option<&Place> {
        self.places.get(param)
    }

    /// Every bound parameter.
    pub fn places(&self) -> &HashMap<Place, Place> {
        &self.places
    }

    pub fn compute(cg: &CallGraph<'_>) -> ParamFacts {
        let (incoming, order) = callers_first(cg, scan(cg, None));
        ParamFacts::bind(cg, &incoming, &order)
    }

    /// The bindings, from each function's incoming call sites and the callers-first order.
    fn bind(cg: &CallGraph<'_>, incoming: &[Vec<Incoming<'_>>], order: &[FuncId]) -> ParamFacts {
        let mut places: HashMap<Place, Place> = HashMap::default();
        for &id in order {
            let f = cg.function(id);
            let sites = &incoming[id.0 as usize];
            for index in bindable_params(f) {
                let mut place: Option<Option<Place>> = None;
                for site in sites {
                    let here = arg_at(f, index, site).and_then(|arg| match arg {
                        Place::Param { .. } => places.get(arg).cloned(),
                        other => Some(other.clone()),
                    });
                    // A site that passes nothing knot can name, or disagrees, settles it.
                    if !merge(&mut place, here) {
                        break;
                    }
                }
                if let Some(Some(p)) = place {
                    places.insert(param_place(f, index), p);
                }
            }
        }
        ParamFacts { places }
    }
}

/// Parameter and place types, program-wide: what the pipeline feeds back into the Python
/// front-end (`frontend::TypeHints`). Rules never read them, so they are computed only for the
/// type-refinement rounds, and the parameter bindings only for the rules.
#[derive(Debug, Default)]
pub struct ParamTypes {
    /// `Param` place -> the class or API type every call site passes.
    types: HashMap<Place, String>,
    /// Fields, globals and locals bound to a factory's result or a copy of a typed place, with
    /// no declaration of their own -> the type.
    derived: HashMap<Key, String>,
    /// Fields and globals with one declared type: the file declaring one may be another than
    /// the one reading it, or read it in a function lowered before the declaration (a method
    /// calling `self.ledger.record(..)` above the function that binds `accounts.ledger =
    /// Ledger(..)`).
    declared_places: HashMap<Key, String>,
    /// `Param` place -> the classes of the checked program its call sites pass, when every
    /// site passes one of a few and they are not all the same (handed on through parameters).
    classes: HashMap<Place, Vec<String>>,
    /// (function, parameter index, method) -> the one class among those the parameter
    /// receives that defines the method the function calls on it.
    methods: HashMap<(String, usize, String), String>,
}

/// At most this many classes for one parameter: more is a plug-in point, not a duck type.
const MAX_PASSED_CLASSES: usize = 4;

impl ParamTypes {
    /// The class or API type a parameter always receives.
    pub fn param_type(&self, param: &Place) -> Option<&String> {
        self.types.get(param)
    }

    /// Every typed parameter: (function, index) -> type.
    pub fn param_types(&self) -> impl Iterator<Item = (&str, usize, &String)> {
        self.types.iter().filter_map(|(p, ty)| match p {
            Place::Param { function, index } => Some((function.as_str(), *index as usize, ty)),
            _ => None,
        })
    }

    /// Methods called on a parameter that receives objects of several classes, of which
    /// exactly one defines the method: (function, index, method) -> that class.
    pub fn param_methods(&self) -> impl Iterator<Item = (&(String, usize, String), &String)> {
        self.methods.iter()
    }

    /// Fields and globals whose type only the whole program knows (a factory's result).
    pub fn derived_types(&self) -> impl Iterator<Item = (&Place, &String)> {
        self.derived
            .iter()
            .chain(&self.declared_places)
            .map(|(p, ty)| (&p.0, ty))
            .filter(|(p, _)| matches!(p, Place::Field { .. } | Place::Global(_)))
    }

    /// The types, and, handed to `cg` ([`CallGraph::offer_params`]), its [`ParamFacts`]: both
    /// come from the same scan of the call sites, and when this call graph turns out to be the
    /// program's last, the rules find the bindings ready instead of scanning again.
    pub fn compute(cg: &CallGraph<'_>, hinted: &HashMap<(String, usize), String>) -> ParamTypes {
        let declared = declared_types(cg);
        let mut scanned = scan(cg, Some(&declared));
        let binds = std::mem::take(&mut scanned.binds);
        let on_params = std::mem::take(&mut scanned.on_params);
        // Independent, and each serial.
        let (derived, (incoming, order)) = rayon::join(
            || derived_types(&binds, &declared),
            || callers_first(cg, scanned),
        );
        let declared_places = declared
            .iter()
            .filter(|(k, _)| matches!(k.0, Place::Field { .. } | Place::Global(_)))
            .filter_map(|(k, ty)| Some((k.clone(), ty.clone()?)))
            .collect();
        let mut facts = ParamTypes {
            types: HashMap::default(),
            derived,
            declared_places,
            classes: HashMap::default(),
            methods: HashMap::default(),
        };
        // Two serial walks of the same order, independent of each other: side by side.
        let ((), bindings) = rayon::join(
            || {
                for &id in &order {
                    let f = cg.function(id);
                    let sites = &incoming[id.0 as usize];
                    for index in bindable_params(f) {
                        let mut ty: Option<Option<String>> = None;
                        let mut classes: Option<Vec<String>> = Some(Vec::new());
                        for site in sites {
                            let arg = arg_at(f, index, site);
                            let here = arg.and_then(|arg| facts.type_of(cg, arg, &declared));
                            if let Some(acc) = &mut classes {
                                let passed = match (&here, arg) {
                                    (Some(t), _) => Some(vec![t.clone()]),
                                    (None, Some(arg)) => facts.classes.get(arg).cloned(),
                                    (None, None) => None,
                                };
                                match passed {
                                    Some(passed) => {
                                        for c in passed {
                                            if !acc.contains(&c) {
                                                acc.push(c);
                                            }
                                        }
                                        if acc.len() > MAX_PASSED_CLASSES {
                                            classes = None;
                                        }
                                    }
                                    None => classes = None,
                                }
                            }
                            let typed = merge(&mut ty, here);
                            if !typed && classes.is_none() {
                                break;
                            }
                        }
                        let place = param_place(f, index);
                        if let Some(Some(t)) = ty {
                            facts.types.insert(place, t);
                        } else if let Some(classes) = classes.filter(|c| closed_classes(cg, c)) {
                            facts.duck_methods(cg, id, index, &place, &classes);
                            facts.classes.insert(place, classes);
                        }
                    }
                }
            },
            || ParamFacts::bind(cg, &incoming, &order),
        );
        cg.offer_params(bindings);
        for (place, class) in duck_types(cg, &facts, hinted, &on_params) {
            facts.types.insert(place, class);
        }
        facts
    }

    /// The methods `id` calls on its parameter `index` (at `place`), which receives objects of
    /// `classes`: each defined by exactly one of them resolves to that class's method. Two
    /// passed classes defining it leave the call unresolved.
    fn duck_methods(
        &mut self,
        cg: &CallGraph<'_>,
        id: FuncId,
        index: usize,
        place: &Place,
        classes: &[String],
    ) {
        let f = cg.function(id);
        for e in cg.events(id) {
            // A call this hint already resolved (in the round before) asks again, so the hint
            // stays while the program is lowered with it.
            // The front-end reads these hints for calls, not for thread targets.
            if matches!(e, Event::Spawn { .. }) {
                continue;
            }
            let Some((p, method, _)) = method_on_param(e) else {
                continue;
            };
            if p != place {
                continue;
            }
            let key = (f.name.clone(), index, method.to_string());
            if self.methods.contains_key(&key) {
                continue;
            }
            let mut definers = classes
                .iter()
                .filter(|c| cg.resolve_method(c, method).is_some());
            if let (Some(one), None) = (definers.next(), definers.next()) {
                self.methods.insert(key, one.clone());
            }
        }
    }

    /// The type of a place in its own function's frame.
    fn type_of(
        &self,
        cg: &CallGraph<'_>,
        place: &Place,
        declared: &HashMap<Key, Option<String>>,
    ) -> Option<String> {
        if let Place::Param { function, index } = place {
            if *index == 0 {
                let owner = cg.by_name(function).map(|id| cg.function(id));
                if let Some(f) = owner.filter(|f| has_receiver(f)) {
                    return f.class.clone();
                }
            }
            return self.types.get(place).cloned();
        }
        let key = Key(place.clone());
        match declared.get(&key) {
            Some(ty) => ty.clone(),
            None => self.derived.get(&key).cloned(),
        }
    }
}

/// Whether `classes` are several classes of the checked program whose bases are all of the
/// checked program too, so that which of them defines a method is known.
fn closed_classes(cg: &CallGraph<'_>, classes: &[String]) -> bool {
    classes.len() > 1
        && classes.iter().all(|c| {
            cg.class(c).is_some()
                && cg.ancestors(c).iter().all(|a| {
                    cg.class(a).is_some() || matches!(a.as_str(), "object" | "builtins.object")
                })
        })
}

/// Each function's incoming call sites, and the functions whose parameters their call sites
/// may bind, callers first: computed over the strongly connected components of the call graph,
/// so a parameter handed on through several levels resolves in one pass. A function with no
/// resolved call site is left out, and so is a method whose name is also called on a receiver
/// of unknown type (it may have call sites knot cannot see).
fn callers_first<'c>(
    cg: &'c CallGraph<'_>,
    scanned: Scan<'c>,
) -> (Vec<Vec<Incoming<'c>>>, Vec<FuncId>) {
    let Scan {
        outgoing,
        dynamic: unseen,
        ..
    } = scanned;
    // Filed under each callee in caller order, each list allocated once at its size (growing
    // them one push at a time showed in profiles).
    let mut sizes = vec![0usize; cg.len()];
    for (callee, _) in &outgoing {
        sizes[callee.0 as usize] += 1;
    }
    let mut incoming: Vec<Vec<Incoming<'c>>> = sizes.into_iter().map(Vec::with_capacity).collect();
    let edges = outgoing.len();
    for (callee, site) in outgoing {
        incoming[callee.0 as usize].push(site);
    }
    let mut graph: DiGraph<FuncId, ()> = DiGraph::with_capacity(cg.len(), edges);
    let nodes: Vec<NodeIndex> = cg.ids().map(|id| graph.add_node(id)).collect();
    for (callee, sites) in incoming.iter().enumerate() {
        for site in sites {
            graph.add_edge(nodes[site.caller.0 as usize], nodes[callee], ());
        }
    }
    // Kosaraju yields components callees first: walk them in reverse, callers first.
    let mut order = Vec::new();
    for component in petgraph::algo::kosaraju_scc(&graph).into_iter().rev() {
        for node in component {
            let id = graph[node];
            let f = cg.function(id);
            if incoming[id.0 as usize].is_empty()
                || (f.class.is_some() && unseen.contains(f.short_name.as_str()))
            {
                continue;
            }
            order.push(id);
        }
    }
    (incoming, order)
}

/// The parameters of `f` a call site can bind: all but a method's receiver.
fn bindable_params(f: &Function) -> std::ops::Range<usize> {
    usize::from(has_receiver(f))..f.params.len()
}

/// The place a call site passes as parameter `index` of `f`, when it names one.
fn arg_at<'c>(f: &Function, index: usize, site: &Incoming<'c>) -> Option<&'c Place> {
    let offset = receiver_offset(f, site.args);
    index
        .checked_sub(offset)
        .and_then(|i| site.args.get(i))
        .and_then(Option::as_ref)
}

/// Parameter `index` of `f` as a place.
fn param_place(f: &Function, index: usize) -> Place {
    Place::Param {
        function: Name::new(&f.name),
        index: index as u32,
    }
}

/// Folds one call site's answer into the answer so far: `Some(None)` once two disagree or one
/// does not know. Returns false once the answer is settled as unknown.
fn merge<T: PartialEq>(acc: &mut Option<Option<T>>, here: Option<T>) -> bool {
    *acc = match (acc.take(), here) {
        (None, h) => Some(h),
        (Some(Some(a)), Some(h)) if a == h => Some(Some(a)),
        _ => Some(None),
    };
    matches!(acc, Some(Some(_)))
}

/// A call that reaches `callee`: the caller and the places it passes.
struct Incoming<'p> {
    caller: FuncId,
    args: &'p [Option<Place>],
}

/// What one pass over every function's calls and events finds (one pass, not one per
/// question: the events are scattered over the program's memory, and reading them is most of
/// the cost).
struct Scan<'c> {
    /// The resolved calls and spawns, as (function run, call site), in caller order and, for
    /// each caller, its calls before its spawns.
    outgoing: Vec<(FuncId, Incoming<'c>)>,
    /// Method names also called on receivers of unknown type: such a method may have call
    /// sites knot cannot see, so its parameters are left alone.
    dynamic: HashSet<&'c str>,
    /// Binds of undeclared places, as (target, source), when asked for (see `derived_types`).
    binds: Vec<(&'c Place, Key)>,
    /// Methods called on parameters, when binds are asked for (see [`method_on_param`]).
    on_params: Vec<MethodOnParam<'c>>,
}

impl<'c> Scan<'c> {
    fn new() -> Scan<'c> {
        Scan {
            outgoing: Vec::new(),
            dynamic: HashSet::default(),
            binds: Vec::new(),
            on_params: Vec::new(),
        }
    }

    /// The findings of consecutive runs of functions, in order, as one (each run is scanned
    /// by a task of its own): the lists are copied once, at their final size.
    fn concat(parts: Vec<Scan<'c>>) -> Scan<'c> {
        let mut out = Scan {
            outgoing: Vec::with_capacity(parts.iter().map(|p| p.outgoing.len()).sum()),
            dynamic: HashSet::default(),
            binds: Vec::with_capacity(parts.iter().map(|p| p.binds.len()).sum()),
            on_params: Vec::with_capacity(parts.iter().map(|p| p.on_params.len()).sum()),
        };
        for mut part in parts {
            out.outgoing.append(&mut part.outgoing);
            out.binds.append(&mut part.binds);
            out.on_params.append(&mut part.on_params);
            if out.dynamic.len() < part.dynamic.len() {
                std::mem::swap(&mut out.dynamic, &mut part.dynamic);
            }
            out.dynamic.extend(part.dynamic);
        }
        out
    }
}

/// Scans every function once, in parallel: its resolved calls and spawns, the methods it calls
/// on receivers of unknown type and, given the declared types, the binds of undeclared places
/// (the source is a place, or the local the bound call's result leaves its function in).
fn scan<'c>(cg: &'c CallGraph<'_>, declared: Option<&HashMap<Key, Option<String>>>) -> Scan<'c> {
    let return_slot = Name::new(RETURN_SLOT);
    // A method's own receiver, typed by its class (most calls on parameters are on `self`).
    let is_receiver = |id: FuncId, p: &Place| {
        let f = cg.function(id);
        matches!(p, Place::Param { function, index: 0 } if function.as_str() == f.name)
            && has_receiver(f)
    };
    let parts: Vec<Scan<'c>> = (0..cg.len())
        .into_par_iter()
        .with_min_len(FUNCS_PER_TASK)
        .fold(Scan::new, |mut out, i| {
            let id = FuncId(i as u32);
            out.outgoing.extend(cg.calls(id).iter().map(|site| {
                let incoming = Incoming {
                    caller: id,
                    args: &site.args,
                };
                (site.callee, incoming)
            }));
            // Built on the first bind of a call's result: most functions have none.
            let mut results: Option<HashMap<Span, FuncId>> = None;
            for e in cg.events(id) {
                if declared.is_some() {
                    if let Some(call) = method_on_param(e).filter(|(p, ..)| !is_receiver(id, p)) {
                        out.on_params.push(call);
                    }
                }
                match e {
                    Event::Spawn {
                        target: Some(target),
                        args,
                        ..
                    } => {
                        if let Some(t) = cg.resolve(target) {
                            let incoming = Incoming {
                                caller: id,
                                args: args.as_slice(),
                            };
                            out.outgoing.push((t, incoming));
                        }
                    }
                    Event::Call {
                        callee: Callee::Dynamic { method },
                        ..
                    } => {
                        out.dynamic.insert(method.as_str());
                    }
                    Event::MethodCall { method, .. } => {
                        out.dynamic.insert(method.as_str());
                    }
                    Event::Bind {
                        target, value, rhs, ..
                    } => {
                        let Some(declared) = declared else {
                            continue;
                        };
                        if matches!(target, Place::Param { .. }) {
                            continue;
                        }
                        let source = match value {
                            Some(v) => v.clone(),
                            None => {
                                let results = results.get_or_insert_with(|| {
                                    cg.calls(id).iter().map(|s| (s.span, s.callee)).collect()
                                });
                                let Some(&f) = results.get(rhs) else {
                                    continue;
                                };
                                Place::Local {
                                    function: Name::new(&cg.function(f).name),
                                    name: return_slot,
                                }
                            }
                        };
                        if !declared.contains_key(&Key(target.clone())) {
                            out.binds.push((target, Key(source)));
                        }
                    }
                    _ => {}
                }
            }
            out
        })
        .collect();
    Scan::concat(parts)
}

/// Functions handed to one rayon task at a time by the per-function scans here: each is
/// quick, so smaller tasks would cost more to schedule than they save.
const FUNCS_PER_TASK: usize = 64;

/// A place as a key of the maps here, which are looked up and merged but never iterated into
/// output: hashed by where its names are interned, not by their text (an interned name has one
/// address, so this agrees with `Place`'s equality), which costs a fraction of hashing the text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key(Place);

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let at = |n: &Name| n.as_str().as_ptr() as usize;
        match &self.0 {
            Place::Global(name) => at(name).hash(h),
            Place::Field { class, field } => {
                at(class).hash(h);
                at(field).hash(h);
            }
            Place::Local { function, name } => {
                at(function).hash(h);
                (!at(name)).hash(h);
            }
            Place::Param { function, index } => {
                at(function).hash(h);
                index.hash(h);
            }
        }
    }
}

/// Declared types of places (`None` when two declarations disagree).
fn declared_types(cg: &CallGraph<'_>) -> HashMap<Key, Option<String>> {
    // Names resolved per module in parallel; the merge does not depend on order.
    let typed: Vec<Vec<(&Place, String)>> = cg
        .program()
        .modules
        .par_iter()
        .map(|m| {
            m.decls
                .iter()
                .map(|d| (&d.place, cg.canonical_name(&d.ty)))
                .collect()
        })
        .collect();
    let count = typed.iter().map(Vec::len).sum();
    let mut out: HashMap<Key, Option<String>> =
        HashMap::with_capacity_and_hasher(count, Default::default());
    for module in typed {
        for (place, ty) in module {
            out.entry(Key(place.clone()))
                .and_modify(|t| {
                    if t.as_ref() != Some(&ty) {
                        *t = None;
                    }
                })
                .or_insert(Some(ty));
        }
    }
    out
}

/// Types of undeclared places learned from binds (see `scan`): a factory's result (`x = make()`
/// where every return of `make` is typed) or a copy of a typed place. Two rounds cover a
/// factory returning a local it constructed.
fn derived_types(
    binds: &[(&Place, Key)],
    declared: &HashMap<Key, Option<String>>,
) -> HashMap<Key, String> {
    let mut derived: HashMap<Key, Option<String>> = HashMap::default();
    for _ in 0..2 {
        let mut next: HashMap<Key, Option<String>> = HashMap::default();
        for (target, source) in binds {
            let ty = match declared.get(source) {
                Some(t) => t.clone(),
                None => derived.get(source).cloned().flatten(),
            };
            let Some(ty) = ty else { continue };
            next.entry(Key((*target).clone()))
                .and_modify(|t| {
                    if t.as_ref() != Some(&ty) {
                        *t = None;
                    }
                })
                .or_insert(Some(ty));
        }
        derived = next;
    }
    derived
        .into_iter()
        .filter_map(|(p, t)| Some((p, t?)))
        .collect()
}

/// Whether a method's first parameter is its receiver.
pub fn has_receiver(f: &Function) -> bool {
    f.class.is_some()
        && f.params.first().is_some_and(|p| {
            matches!(
                p.as_str(),
                "self" | "&self" | "&mut self" | "mut self" | "cls"
            )
        })
}

/// 1 when a method's receiver is a parameter but not among the call's arguments
/// (`obj.m(x)` calling `def m(self, x)`), else 0.
pub fn receiver_offset(callee: &Function, args: &[Option<Place>]) -> usize {
    usize::from(has_receiver(callee) && args.len() < callee.params.len())
}

/// A method called on a parameter (`report.flush()`, a thread target `report._compute`): the
/// parameter, the method, and whether the call is still unresolved.
type MethodOnParam<'c> = (&'c Place, &'c str, bool);

/// [`MethodOnParam`] for an event.
fn method_on_param(e: &Event) -> Option<MethodOnParam<'_>> {
    let (place, method, open) = match e {
        Event::MethodCall { place, method, .. } => (place, method, true),
        Event::Call {
            callee: Callee::Method { method, .. },
            receiver: Some(place),
            ..
        } => (place, method, false),
        Event::Call {
            callee: Callee::Dynamic { method },
            receiver: Some(place),
            ..
        } => (place, method, true),
        Event::Spawn {
            target: Some(Callee::Method { method, .. } | Callee::Dynamic { method }),
            receiver: Some(place),
            ..
        } => (place, method, false),
        _ => return None,
    };
    matches!(place, Place::Param { .. }).then_some((place, method.as_str(), open))
}

/// Method names too common to tell a class of the checked program from the objects of the
/// standard library and of other packages that a parameter may as well receive (a string, a
/// file, a socket, a thread, a future, a container, a logger): a parameter is typed by its
/// calls only when one of them names something else.
fn is_common_method(name: &str) -> bool {
    static NAMES: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| {
        include_str!("common_method_names.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect()
    });
    NAMES.contains(name)
}

/// Types for the parameters nothing else types (no annotation, no call site passing a known
/// class), from the methods the function calls on them (`report._compute_metric` as a thread
/// target, `report.cached_metric_names()`): the one class of the checked Python code whose
/// hierarchy defines a distinctive one of them (not a dunder, not [`is_common_method`]; a
/// private one, or two public ones) and that resolves every one of them. A parameter hinted so
/// in a round before keeps its type while the calls it resolved still agree (`hinted`).
fn duck_types(
    cg: &CallGraph<'_>,
    facts: &ParamTypes,
    hinted: &HashMap<(String, usize), String>,
    on_params: &[MethodOnParam<'_>],
) -> Vec<(Place, String)> {
    let python = |id: FuncId| cg.module_of(id).lang == crate::source::Lang::Python;
    let dunder = |m: &str| m.starts_with("__") && m.ends_with("__");
    let distinctive = |m: &str| !dunder(m) && !is_common_method(m);
    // The methods called on each parameter, also from the functions nested in its own
    // (`def push(): store._append_pending(x)`), and whether one of them is still unresolved;
    // keyed by where the function's interned name lives.
    let mut called: HashMap<(usize, u32), (&Place, Vec<&str>, bool)> = HashMap::default();
    for &(place, method, open) in on_params {
        let Place::Param { function, index } = place else {
            continue;
        };
        let key = (function.as_str().as_ptr() as usize, *index);
        let (_, methods, unresolved) = called
            .entry(key)
            .or_insert_with(|| (place, Vec::new(), false));
        *unresolved |= open;
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    called.retain(|_, (place, methods, unresolved)| {
        !facts.types.contains_key(*place)
            && !facts.classes.contains_key(*place)
            && methods.iter().any(|m| distinctive(m))
            && (*unresolved || {
                let Place::Param { function, index } = place else {
                    return false;
                };
                hinted.contains_key(&(function.to_string(), *index as usize))
            })
    });
    if called.is_empty() {
        return Vec::new();
    }
    // Python classes defining each of those methods themselves.
    let wanted: HashSet<&str> = called
        .values()
        .flat_map(|(_, methods, _)| methods.iter().copied())
        .filter(|m| distinctive(m))
        .collect();
    let mut definers: HashMap<&str, Vec<&str>> = HashMap::default();
    for id in cg.ids() {
        let f = cg.function(id);
        let Some(class) = f.class.as_deref() else {
            continue;
        };
        if !wanted.contains(f.short_name.as_str()) || !has_receiver(f) || !python(id) {
            continue;
        }
        let list = definers.entry(f.short_name.as_str()).or_default();
        if !list.contains(&class) {
            list.push(class);
        }
    }
    let mut out = Vec::new();
    for (place, methods, _) in called.into_values() {
        let Place::Param { function, index } = place else {
            continue;
        };
        let index = *index as usize;
        // A method's receiver is typed by its class already.
        let Some(owner) = cg.by_name(function).filter(|&id| python(id)) else {
            continue;
        };
        if !bindable_params(cg.function(owner)).contains(&index) {
            continue;
        }
        // A private method (`_compute_metric`) is called on the package's own objects; a
        // public one may as well be another package's (`producer.publish(..)` on a client
        // library's producer, where one class of the program defines `publish` too): it takes
        // two of them.
        let named: Vec<&str> = methods.iter().copied().filter(|m| distinctive(m)).collect();
        if !named.iter().any(|m| m.starts_with('_')) && named.len() < 2 {
            continue;
        }
        // The distinctive method with the fewest definers names the hierarchy.
        let Some(rarest) = named
            .iter()
            .filter_map(|m| definers.get(m))
            .min_by_key(|d| d.len())
        else {
            continue;
        };
        // One definer, or one whose subclasses are all the others (overrides).
        let root = rarest.iter().find(|&&c| {
            rarest
                .iter()
                .all(|&o| o == c || cg.ancestors(o).iter().any(|a| a == c))
        });
        let Some(&root) = root else { continue };
        if methods.iter().all(|m| cg.resolve_method(root, m).is_some()) {
            out.push((place.clone(), root.to_string()));
        }
    }
    out
}
