//! Shared places and racing access pairs: contexts + locksets + which places two contexts can
//! both reach (globals, class attributes, fields of an instance both sides hold, locals captured
//! by a spawned closure). Thread-safe, lock and atomic types come from the models.
//!
//! - Processes overlap only on `[[process_shared]]` memory (`Sharing::process_shared`), whose
//!   places are named by type and told apart by the spawn arguments that hand them over.
//! - A context running many times on one object also shares the objects its fields hold
//!   (`Sharing::owned_classes`); two contexts on objects of unrelated classes never share one.
//! - A thread's accesses before it signals ready (`Event.set()` on every path of its entry) are
//!   ordered before what its starter does after waiting for that signal (`ordered_by_handshake`).
//! - What a thread that runs once does before it starts other work (in the function starting it,
//!   which runs once there, or in functions it runs only from calls before the start) is ordered
//!   before that work and all the work that one starts in turn (`started_after`, climbing
//!   `Contexts::parent`).
//! - A decorator's locals the returned wrapper keeps are shared by all its callers.
//! - An access spelled through the class (`ModuleFacts::class_spelled`) is shared even in a
//!   constructor (here and in `lockset`).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{Context, Contexts};
use crate::analysis::lockset::{contexts_overlap, AccessFact, LockSet, Locksets, PlaceInfo};
use crate::ir::{Event, Name, Place, Program};
use crate::models::Models;

/// The decl type knot uses for a Rust `static mut` (set by the Rust front-end on the static's
/// `PlaceDecl`), so analyses can tell it from an immutable static.
pub const STATIC_MUT: &str = "static mut";

pub struct Sharing<'a> {
    pub contexts: Contexts,
    pub info: PlaceInfo<'a>,
    pub locksets: Locksets,
    /// Classes with an instance bound to a module-level name (outside a `__main__` guard:
    /// a script's own objects do not exist when the module is imported as a library), with
    /// all their ancestors: a field of any of them may be reached through that global.
    global_classes: BTreeSet<String>,
    /// Per context: the class the entry runs on (a creator: its worker's) and its ancestors.
    instance_classes: Vec<BTreeSet<String>>,
    /// Per context: `instance_classes` and the classes of the objects held in their fields,
    /// transitively (what the object the entry runs on owns).
    owned_classes: Vec<BTreeSet<String>>,
    /// Per context: the classes (and ancestors) of the objects passed as spawn arguments.
    arg_classes: Vec<BTreeSet<String>>,
    /// Per context: `arg_classes` with the classes of the objects held in their fields, as
    /// an object handed over shares what it holds (`Worker(owner)` reaching `owner.cache`).
    handed_classes: Vec<BTreeSet<String>>,
    /// Per context: the same, leaving out the arguments each run gets a fresh one of: what
    /// two runs of the context can share.
    run_handed_classes: Vec<BTreeSet<String>>,
    /// For each class of the program declared somewhere: the classes whose fields hold it, or
    /// `None` when a local, parameter or global is also declared with it.
    kept: HashMap<String, Option<BTreeSet<String>>>,
    models: &'a Models,
}

/// A class and its ancestors, canonical: what "an instance of `class`" can be seen as.
fn lineage(cg: &CallGraph, class: &str, out: &mut BTreeSet<String>) {
    let class = cg.canonical_name(class);
    if out.insert(class.clone()) {
        out.extend(cg.ancestors(&class));
    }
}

impl<'a> Sharing<'a> {
    pub fn compute(program: &'a Program, cg: &CallGraph<'a>, models: &'a Models) -> Sharing<'a> {
        // Forced here, on the rule's own thread: `PlaceInfo` runs on the rayon pool, which must
        // never wait on a cell another rule may be filling with pool work (ARCHITECTURE.md).
        cg.params();
        let (contexts, info) = rayon::join(
            || Contexts::compute(cg, models),
            || PlaceInfo::compute(program, cg, models),
        );
        let locksets = Locksets::compute(cg, models, &info, &contexts);
        let mut global_classes = BTreeSet::new();
        let mut guarded_globals: Vec<(&Place, &str)> = Vec::new();
        let mut guarded_modules: Vec<&str> = Vec::new();
        for m in &program.modules {
            let guard = m.facts.main_guard;
            let guarded = |d: &crate::ir::PlaceDecl| {
                guard.is_some_and(|g| {
                    d.span.file == g.file && d.span.start >= g.start && d.span.start < g.end
                })
            };
            for d in &m.decls {
                if !matches!(d.place, Place::Global(_)) {
                    continue;
                }
                if guarded(d) {
                    guarded_globals.push((&d.place, d.ty.as_str()));
                    if guarded_modules.last() != Some(&m.name.as_str()) {
                        guarded_modules.push(m.name.as_str());
                    }
                } else {
                    lineage(cg, &d.ty, &mut global_classes);
                }
            }
        }
        // A global bound under the main guard is shared once a function uses it
        // (`client = Client()` there, then threads running `def user(): client.get()`).
        if !guarded_globals.is_empty() {
            // Only the module's own functions can name a global bound under its main guard.
            for id in cg.ids() {
                if !guarded_modules.contains(&cg.module_of(id).name.as_str())
                    || cg.function(id).name.ends_with("<module>")
                {
                    continue;
                }
                for e in cg.events(id) {
                    let place = match e {
                        Event::Call {
                            receiver: Some(p), ..
                        }
                        | Event::MethodCall { place: p, .. }
                        | Event::Access { place: p, .. } => p,
                        _ => continue,
                    };
                    if let Some(i) = guarded_globals.iter().position(|(g, _)| *g == place) {
                        let (_, ty) = guarded_globals.swap_remove(i);
                        lineage(cg, ty, &mut global_classes);
                    }
                }
            }
        }
        // Objects held in the fields of a shared object are shared with it
        // (`self.storage.index.get_or_insert(..)` on the storage every worker uses).
        // Only objects the program keeps nowhere but in fields of such objects: a class also
        // made into a local, or held by objects that are not shared, has other instances (one
        // module-level `Popen` holding an `AsyncResult` does not make every `AsyncResult` one).
        let held_classes = field_classes(program, cg);
        let kept = kept_only_in_fields(program, cg);
        owned_closure(
            &held_classes,
            &mut global_classes,
            cg,
            models,
            &|ty, set| {
                kept.get(ty)
                    .and_then(Option::as_ref)
                    .is_some_and(|holders| holders.iter().all(|h| set.contains(h)))
            },
        );
        // Precomputed once: `field_shared` is asked for every candidate pair.
        let list = &contexts.list;
        let instance_classes: Vec<BTreeSet<String>> = list
            .iter()
            .map(|c| {
                let mut set = BTreeSet::new();
                let w = c.creator_of.map_or(c, |w| &list[w]);
                if let Some((k, _)) = &w.instance {
                    lineage(cg, k, &mut set);
                }
                set
            })
            .collect();
        let owned_classes = instance_classes
            .iter()
            .map(|direct: &BTreeSet<String>| {
                let mut set = direct.clone();
                owned_closure(&held_classes, &mut set, cg, models, &|_, _| true);
                set
            })
            .collect();
        let classes_of = |args: &mut dyn Iterator<Item = &Place>| {
            let mut set = BTreeSet::new();
            for p in args {
                let p = info.resolve(p);
                if let Some(d) = info.decl(&p) {
                    lineage(cg, &d.ty, &mut set);
                } else if let Some(class) = self_class(cg, &p) {
                    // The spawner hands the thread its own object (`_Reader(self)`).
                    lineage(cg, &class, &mut set);
                }
            }
            set
        };
        let arg_classes = list
            .iter()
            .map(|c| classes_of(&mut c.args.iter()))
            .collect();
        let with_held = |sets: &Vec<BTreeSet<String>>| -> Vec<BTreeSet<String>> {
            sets.iter()
                .map(|direct| {
                    let mut set = direct.clone();
                    // Only objects kept nowhere but in fields of handed ones: a class also
                    // made elsewhere has other instances.
                    if !set.is_empty() {
                        owned_closure(&held_classes, &mut set, cg, models, &|ty, set| {
                            kept.get(ty)
                                .and_then(Option::as_ref)
                                .is_some_and(|holders| holders.iter().all(|h| set.contains(h)))
                        });
                    }
                    set
                })
                .collect()
        };
        let run_arg_classes = list
            .iter()
            .map(|c| classes_of(&mut c.args.iter().filter(|p| !c.fresh_args.contains(p))))
            .collect();
        Sharing {
            contexts,
            info,
            locksets,
            global_classes,
            instance_classes,
            owned_classes,
            handed_classes: with_held(&arg_classes),
            run_handed_classes: with_held(&run_arg_classes),
            arg_classes,
            kept,
            models,
        }
    }

    /// Whether an instance of `class` (or of a subclass) is bound to a module-level name, so
    /// every caller that imports the module reaches the same object.
    pub fn global_instance(&self, cg: &CallGraph, class: &str) -> bool {
        self.global_classes.contains(&cg.canonical_name(class))
    }

    /// Whether a place can hold unsynchronised shared state at all: not a lock, an atomic, a
    /// thread-safe type, a field of a thread-safe class (a `threading.local` subclass) or a
    /// Rust `static mut` (its own rule).
    pub fn shareable(&self, cg: &CallGraph, models: &Models, place: &Place) -> bool {
        if let Some(d) = self.info.decl(place) {
            let ty = cg.canonical_name(&d.ty);
            if d.ty == STATIC_MUT
                || models.is_thread_safe(&ty)
                || models.lock(&ty).is_some()
                || models.atomic(&ty).is_some()
            {
                return false;
            }
        }
        match place {
            Place::Field { class, .. } => {
                let class = cg.canonical_name(class);
                !models.is_thread_safe(&class)
                    && !cg
                        .ancestors(&class)
                        .iter()
                        .any(|a| models.is_thread_safe(a))
            }
            Place::Param { .. } => false,
            _ => true,
        }
    }

    /// Whether `a` and `b` touch the same memory from contexts that run at the same time, at
    /// least one writing, with no lock held at both.
    pub fn may_race(&self, cg: &CallGraph, a: &AccessFact, b: &AccessFact) -> bool {
        self.may_race_holding(cg, a, &a.held, b)
    }

    /// Whether `a`, made holding only `a_held` (fewer locks than it holds itself: those held
    /// across a check and its act), may race with `b`.
    pub fn may_race_holding(
        &self,
        cg: &CallGraph,
        a: &AccessFact,
        a_held: &LockSet,
        b: &AccessFact,
    ) -> bool {
        if a.place != b.place || (!a.writes() && !b.writes()) {
            return false;
        }
        if a.span == b.span && a.ctx == b.ctx && !self.contexts.list[a.ctx].many {
            return false;
        }
        // Processes share no memory but what the models say they do (`multiprocessing.Value`).
        let process_shared = self.process_shared(cg, &a.place);
        if !contexts_overlap(&self.contexts, a.ctx, b.ctx, process_shared) {
            return false;
        }
        // Shared memory is one object per construction but its place is named by its type: two
        // contexts touch the same one only when they are handed the same object
        // (`Process(target=f, args=(counter,))`), or are one context running many times.
        if process_shared && a.ctx != b.ctx {
            let (ma, mb) = (
                self.shared_memory_args(a.ctx),
                self.shared_memory_args(b.ctx),
            );
            if ma.is_disjoint(&mb) {
                return false;
            }
        }
        if a_held.intersection(&b.held).next().is_some() {
            return false;
        }
        if matches!(a.place, Place::Field { .. })
            && crate::analysis::contexts::alternative_starts(
                cg,
                &self.contexts.list[a.ctx],
                &self.contexts.list[b.ctx],
            )
        {
            return false;
        }
        if ordered_by_handshake(cg, &self.contexts, a, b)
            || ordered_by_handshake(cg, &self.contexts, b, a)
            || started_after(cg, &self.contexts, a, b)
            || started_after(cg, &self.contexts, b, a)
        {
            return false;
        }
        // One context running many times reaches the same shared memory in each run, whatever
        // object holds it (each process has its own copy of the holder, not of the memory).
        (process_shared && a.ctx == b.ctx) || self.reachable_from_both(cg, a, b)
    }

    /// Whether `place` is in memory processes share (`multiprocessing.Value`'s fields).
    pub fn process_shared(&self, cg: &CallGraph, place: &Place) -> bool {
        matches!(place, Place::Field { class, .. }
            if self.models.process_shared(&cg.canonical_name(class)).is_some())
    }

    /// The places context `ctx` is handed as spawn arguments that hold an instance of `class`
    /// (or of a subclass).
    fn args_of_class(&self, cg: &CallGraph, ctx: usize, class: &str) -> BTreeSet<Place> {
        self.contexts.list[ctx]
            .args
            .iter()
            .map(|p| self.info.resolve(p))
            .filter(|p| {
                self.info.decl(p).is_some_and(|d| {
                    let mut lineage_of = BTreeSet::new();
                    lineage(cg, &d.ty, &mut lineage_of);
                    lineage_of.contains(class)
                })
            })
            .collect()
    }

    /// The process-shared objects (`multiprocessing.Value`s) context `ctx` is handed as spawn
    /// arguments (its creator: its worker's), as the places that hold them.
    fn shared_memory_args(&self, ctx: usize) -> BTreeSet<Place> {
        let list = &self.contexts.list;
        let c = list[ctx].creator_of.map_or(&list[ctx], |w| &list[w]);
        c.args
            .iter()
            .map(|p| self.info.resolve(p))
            .filter(|p| {
                self.info
                    .decl(p)
                    .is_some_and(|d| self.models.process_shared(&d.ty).is_some())
            })
            .collect()
    }

    /// A racing partner for `a`, preferring one that satisfies `prefer`.
    pub fn partner(
        &self,
        cg: &CallGraph,
        a: &AccessFact,
        accept: impl Fn(&AccessFact) -> bool,
    ) -> Option<&AccessFact> {
        self.partner_holding(cg, a, &a.held, accept)
    }

    /// A racing partner for `a` made holding only `a_held` (see `may_race_holding`).
    pub fn partner_holding(
        &self,
        cg: &CallGraph,
        a: &AccessFact,
        a_held: &LockSet,
        accept: impl Fn(&AccessFact) -> bool,
    ) -> Option<&AccessFact> {
        self.locksets
            .of_place(&a.place)
            .filter(|b| accept(b) && self.may_race_holding(cg, a, a_held, b))
            .min_by_key(|b| (b.span.file, b.span.start, b.ctx))
    }

    fn reachable_from_both(&self, cg: &CallGraph, a: &AccessFact, b: &AccessFact) -> bool {
        match &a.place {
            Place::Global(_) => true,
            // Each call has its own frame: a local is shared only through a closure or nested
            // function that captured it.
            // and only with work started from inside that frame: two runs of a function each
            // have their own frame, nested functions and all.
            Place::Local { function, .. } => {
                let Some(def) = cg.by_name(function) else {
                    return false;
                };
                let started_here = |ctx: usize| {
                    let list = &self.contexts.list;
                    let w = list[ctx].creator_of.unwrap_or(ctx);
                    list[w].spawner == Some(def)
                };
                // A closure the frame returns (a decorator's wrapper) keeps the frame's locals
                // for every caller of the closure: a cache it fills is shared by all of them.
                let escapes = || {
                    a.func != def
                        && b.func != def
                        && cg
                            .returned_function(def)
                            .is_some_and(|w| w == a.func || w == b.func)
                };
                // The frame's own code before it starts the work (`result = {}`, then
                // `Thread(target=fill).start()`) runs before the work in its frame, and another
                // run of the function, in another thread, has a frame of its own.
                let own_window = |frame: &AccessFact, work: &AccessFact| {
                    let start = self.contexts.list[work.ctx].spawn;
                    frame.func != def
                        || frame.span.file != start.file
                        || frame.span.end > start.start
                };
                // Two runs of one piece of work share the frame only when one call starts it
                // several times (in a loop), not because the function runs in many threads.
                let one_run = a.func != def
                    && b.func != def
                    && a.ctx == b.ctx
                    && !self.contexts.list[a.ctx].many_here;
                ((a.func != def || b.func != def)
                    && (started_here(a.ctx) || started_here(b.ctx))
                    && own_window(a, b)
                    && own_window(b, a)
                    && !one_run)
                    || escapes()
            }
            Place::Field { class, field } => {
                is_class_attr(cg, a.func)
                    || is_class_attr(cg, b.func)
                    || spelled_through_class(cg, a)
                    || spelled_through_class(cg, b)
                    || self.through_shared_attr(cg, class, field, a.ctx)
                    || self.through_shared_attr(cg, class, field, b.ctx)
                    || (a.ctx == b.ctx && self.through_handed_field(cg, class, field, a.ctx))
                    || self.field_shared(cg, class, a.ctx, b.ctx)
            }
            Place::Param { .. } => false,
        }
    }

    /// `self.server.count` in a request handler: the handler instance is per request, but the
    /// object its model-named attribute refers to is the same for every request.
    fn through_shared_attr(&self, cg: &CallGraph, class: &str, field: &str, ctx: usize) -> bool {
        let c = &self.contexts.list[ctx];
        let Some((attr, _)) = field.split_once('.') else {
            return false;
        };
        if !c.shared_attrs.iter().any(|s| s == attr) {
            return false;
        }
        self.instance_classes[ctx].contains(&cg.canonical_name(class))
    }

    /// `self.results[k]` in the `run` of a thread object constructed with `results`: every run
    /// of a context started many times reaches the one object its constructor was given.
    fn through_handed_field(&self, cg: &CallGraph, class: &str, field: &str, ctx: usize) -> bool {
        let c = &self.contexts.list[ctx];
        let attr = field.split_once('.').map_or(field, |(attr, _)| attr);
        c.many
            && c.creator_of.is_none()
            && c.handed_fields.iter().any(|f| f.as_str() == attr)
            && self.instance_classes[ctx].contains(&cg.canonical_name(class))
    }

    /// A field of class `class` is shared when an instance is reachable from both contexts: a
    /// module-level instance, an instance passed as a spawn argument, or the instance a context
    /// runs on (a bound-method target, or a subclass entry whose creator keeps the object).
    fn field_shared(&self, cg: &CallGraph, class: &str, a: usize, b: usize) -> bool {
        let class = cg.canonical_name(class);
        let list = &self.contexts.list;
        let on_class = |ctx: usize| self.instance_classes[ctx].contains(&class);
        // Two threads that each run on a fresh instance of this class (`Worker().start()`)
        // touch their own objects, whatever other instances exist (a module-level one).
        // So are the objects kept nowhere but in the fields of such an instance
        // (`self.console = Console()` in its `__init__`): each instance holds its own.
        let held_by_instance = |ctx: usize| {
            self.kept
                .get(&class)
                .and_then(Option::as_ref)
                .is_some_and(|holders| {
                    !holders.is_empty()
                        && holders
                            .iter()
                            .all(|h| self.instance_classes[ctx].contains(h))
                })
        };
        let fresh_own = |ctx: usize| {
            let c = &list[ctx];
            c.creator_of.is_none() && c.own_object && (on_class(ctx) || held_by_instance(ctx))
        };
        // Two threads started by one function on the object one place holds
        // (`store = Store()`, then `Thread(target=store.poll)`, `Thread(target=store.publish)`).
        let (ca, cb) = (&list[a], &list[b]);
        if a != b
            && ca.creator_of.is_none()
            && cb.creator_of.is_none()
            && ca.receiver.is_some()
            && ca.receiver == cb.receiver
            && ca.spawner == cb.spawner
            && on_class(a)
            && on_class(b)
        {
            return true;
        }
        if fresh_own(a) && fresh_own(b) {
            return false;
        }
        // Threads two functions start on objects each makes and keeps to itself (`c =
        // Counter()`, `Thread(target=c.add)`): two objects.
        if let (
            Some(Place::Local {
                function: fa,
                name: na,
            }),
            Some(Place::Local {
                function: fb,
                name: nb,
            }),
        ) = (&ca.receiver, &cb.receiver)
        {
            if fa != fb && ca.creator_of.is_none() && cb.creator_of.is_none() {
                let own = |ctx: &Context, function: &Name, name: &Name| {
                    ctx.spawner.is_some_and(|s| {
                        let f = cg.function(s);
                        f.name == function.as_str()
                            && crate::analysis::contexts::fresh_local(cg, f, name.as_str(), true)
                    })
                };
                if own(ca, fa, na) && own(cb, fb, nb) {
                    return false;
                }
            }
        }
        if self.global_classes.contains(&class) {
            return true;
        }
        // Two workers each handed an object of the class as a spawn argument share one only
        // when it is the same object (`args=(result,)` with a fresh `result` per spawn is not).
        let workers = a != b && list[a].creator_of.is_none() && list[b].creator_of.is_none();
        if workers && self.arg_classes[a].contains(&class) && self.arg_classes[b].contains(&class) {
            let (pa, pb) = (
                self.args_of_class(cg, a, &class),
                self.args_of_class(cg, b, &class),
            );
            return !pa.is_disjoint(&pb);
        }
        // One context running many times shares what every run is handed, not what each run
        // gets anew.
        let handed = if a == b {
            &self.run_handed_classes
        } else {
            &self.handed_classes
        };
        if handed[a].contains(&class) || handed[b].contains(&class) {
            return true;
        }
        // (fresh, creator) of the object a context runs on.
        let instance = |ctx: usize| {
            let c = &list[ctx];
            match c.creator_of {
                Some(w) => list[w].instance.as_ref().map(|_| (false, true)),
                None => c.instance.as_ref().map(|(_, fresh)| (*fresh, false)),
            }
        };
        match (instance(a), instance(b)) {
            // One context against itself: the same object only when the spawner starts it
            // many times on its own object (`for ..: Thread(target=self.work)`); a spawner that
            // merely runs many times (`Thread.start` called on many threads) may be on a
            // different object each time.
            // What that object holds in its fields is the same in every run too.
            (Some((fresh, _)), _) if a == b => {
                self.owned_classes[a].contains(&class) && !fresh && list[a].many_here
            }
            (Some((fa, ca)), Some((fb, cb))) if on_class(a) && on_class(b) => {
                // Two threads on fresh instances each have their own object; the creator holds
                // the one it started. Objects of two classes neither of which derives from the
                // other are two objects (two drivers' input threads).
                (ca || cb || !(fa && fb)) && self.may_be_one_object(cg, a, b)
            }
            (Some((fresh, creator)), None) if on_class(a) => creator || !fresh,
            (None, Some((fresh, creator))) if on_class(b) => creator || !fresh,
            _ => false,
        }
    }
}

impl Sharing<'_> {
    /// Whether the objects contexts `a` and `b` run on can be one object: their classes are
    /// one, or one derives from the other (a method of the base may run on the subclass's).
    fn may_be_one_object(&self, cg: &CallGraph, a: usize, b: usize) -> bool {
        let list = &self.contexts.list;
        let class_of = |ctx: usize| {
            let w = list[ctx].creator_of.map_or(ctx, |w| w);
            list[w].instance.as_ref().map(|(k, _)| cg.canonical_name(k))
        };
        let (Some(ka), Some(kb)) = (class_of(a), class_of(b)) else {
            return true;
        };
        ka == kb || cg.ancestors(&ka).contains(&kb) || cg.ancestors(&kb).contains(&ka)
    }
}

/// For each class of the program, the classes of the program its fields are declared to hold
/// (`self.index = AutoIncrementDict()`, or a parameter every constructor call passes one class).
fn field_classes(program: &Program, cg: &CallGraph) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::default();
    for m in &program.modules {
        for d in &m.decls {
            let Place::Field { class, .. } = &d.place else {
                continue;
            };
            let ty = cg.canonical_name(&d.ty);
            if cg.class(&ty).is_some() {
                out.entry(cg.canonical_name(class)).or_default().insert(ty);
            }
        }
    }
    out
}

/// For each class of the program declared somewhere: the classes whose fields hold it, or
/// `None` when a local, parameter or global is also declared with it.
fn kept_only_in_fields(
    program: &Program,
    cg: &CallGraph,
) -> HashMap<String, Option<BTreeSet<String>>> {
    let mut out: HashMap<String, Option<BTreeSet<String>>> = HashMap::default();
    for m in &program.modules {
        for d in &m.decls {
            let ty = cg.canonical_name(&d.ty);
            let entry = out.entry(ty).or_insert_with(|| Some(BTreeSet::new()));
            match (&d.place, entry.as_mut()) {
                (Place::Field { class, .. }, Some(holders)) => {
                    holders.insert(cg.canonical_name(class));
                }
                (Place::Field { .. }, None) => {}
                _ => *entry = None,
            }
        }
    }
    out
}

/// Adds to `set` (classes whose instances are shared) the classes held in their fields that
/// `admit` lets in (given the set so far), and theirs, with ancestors: what a shared object
/// owns is reached through it. Repeated until nothing more is admitted.
fn owned_closure(
    held: &HashMap<String, BTreeSet<String>>,
    set: &mut BTreeSet<String>,
    cg: &CallGraph,
    models: &Models,
    admit: &dyn Fn(&str, &BTreeSet<String>) -> bool,
) {
    loop {
        let before = set.len();
        owned_pass(held, set, cg, models, admit);
        if set.len() == before {
            return;
        }
    }
}

fn owned_pass(
    held: &HashMap<String, BTreeSet<String>>,
    set: &mut BTreeSet<String>,
    cg: &CallGraph,
    models: &Models,
    admit: &dyn Fn(&str, &BTreeSet<String>) -> bool,
) {
    let mut todo: Vec<String> = set.iter().cloned().collect();
    while let Some(class) = todo.pop() {
        // A thread-safe class's fields are not shared state (a `threading.local` subclass holds
        // one value per thread): neither are the objects they hold.
        let thread_safe = models.is_thread_safe(&class)
            || cg
                .ancestors(&class)
                .iter()
                .any(|a| models.is_thread_safe(a));
        if thread_safe {
            continue;
        }
        for ty in held.get(&class).into_iter().flatten() {
            if set.contains(ty) || !admit(ty, set) {
                continue;
            }
            let mut added = BTreeSet::new();
            lineage(cg, ty, &mut added);
            for c in added {
                if set.insert(c.clone()) {
                    todo.push(c);
                }
            }
        }
    }
}

/// A method whose first parameter is the class itself touches class attributes, which every
/// instance and thread shares.
fn is_class_attr(cg: &CallGraph, f: FuncId) -> bool {
    crate::analysis::lockset::is_class_method(cg.function(f))
}

/// An access of a class attribute spelled through its class (`Registry._instance`,
/// `self.__class__._loop`): every object's, whichever object the thread runs on.
fn spelled_through_class(cg: &CallGraph, a: &AccessFact) -> bool {
    cg.module_of(a.func).facts.class_spelled.contains(&a.span)
}

/// For the `self` parameter of a method: the method's class.
fn self_class(cg: &CallGraph, p: &Place) -> Option<String> {
    let Place::Param { function, index: 0 } = p else {
        return None;
    };
    let f = cg.function(cg.by_name(function.as_str())?);
    (f.params.first().map(String::as_str) == Some("self"))
        .then(|| f.class.clone())
        .flatten()
}

/// Whether `x`, made by a thread before it signals that it is ready (`self.x = ..` then
/// `self.ready.set()` on every path of its entry), happens before `y`: the function starting
/// the thread waits for that signal (`self.ready.wait()` after the start, in its own statement
/// list), and `y` comes after that wait in the same function, or, when that function is the
/// constructor of the object `x` is a field of, anywhere outside the thread and the other work
/// the constructor starts (nothing else holds the object before the constructor returns).
fn ordered_by_handshake(
    cg: &CallGraph,
    contexts: &Contexts,
    x: &AccessFact,
    y: &AccessFact,
) -> bool {
    let worker = &contexts.list[x.ctx];
    if worker.creator_of.is_some() || x.func != worker.entry || y.ctx == x.ctx {
        return false;
    }
    let Some(spawner) = worker.spawner else {
        return false;
    };
    let entry = cg.function(worker.entry);
    let Some(signal) = unconditional_calls(&entry.body)
        .find(|(_, method, span)| *method == "set" && span.start > x.span.end)
        .map(|(place, _, _)| place)
    else {
        return false;
    };
    let starter = cg.function(spawner);
    let Some(waited) = unconditional_calls(&starter.body)
        .find(|(place, method, span)| {
            *place == signal && *method == "wait" && span.start > worker.spawn.end
        })
        .map(|(_, _, span)| span)
    else {
        return false;
    };
    if y.func == spawner {
        return y.span.start > waited.end;
    }
    let by_constructor = starter.short_name == "__init__"
        && matches!((&x.place, &starter.class), (Place::Field { class, .. }, Some(c)) if cg.canonical_name(class) == cg.canonical_name(c));
    let other = &contexts.list[y.ctx];
    // A window the worker's start opens in code running after its starter returned (a later
    // method of the object, a caller after its call): the starter waited for the signal first.
    let after_start = other.creator_of == Some(x.ctx) && other.entry != spawner;
    after_start || by_constructor && (other.spawner != Some(spawner) || other.creator_of.is_some())
}

/// Whether `x` happens before all that `y`'s context runs because `x`'s context starts that
/// context, or the work that starts it, only after `x`: `self._ws = connect(..)` and then
/// `Thread(target=self._accept_loop).start()` in one run of a thread, the accept loop starting
/// the handlers that reconnect (`self._ws = ..` under a lock). `x`'s context runs once, the
/// start sits in a function that runs once there, and `x` comes before the start in that
/// function or in a function that runs there only from calls before the start.
fn started_after(cg: &CallGraph, contexts: &Contexts, x: &AccessFact, y: &AccessFact) -> bool {
    let outer = &contexts.list[x.ctx];
    if outer.many || outer.is_creator() || x.ctx == y.ctx {
        return false;
    }
    // Up from `y`'s context to the one `x`'s context starts (a few levels: accept loop,
    // handler).
    let mut child = y.ctx;
    let mut found = false;
    for _ in 0..8 {
        let starters = &contexts.parent[child];
        if starters.contains(&x.ctx) {
            found = true;
            break;
        }
        match starters.first() {
            Some(&p) => child = p,
            None => return false,
        }
    }
    if !found {
        return false;
    }
    let started = &contexts.list[child];
    let Some(starter) = started.spawner else {
        return false;
    };
    if started.many || started.is_creator() || !runs_once_in(cg, outer, starter) {
        return false;
    }
    if x.func == starter {
        return x.span.end <= started.spawn.start;
    }
    let mut seen = BTreeSet::new();
    runs_only_before(cg, outer, x.func, starter, started.spawn, &mut seen)
}

/// Whether `f` runs in context `ctx` only through calls made before `spawn` in `starter`
/// (directly, or from functions that themselves run only so).
fn runs_only_before(
    cg: &CallGraph,
    ctx: &Context,
    f: FuncId,
    starter: FuncId,
    spawn: crate::source::Span,
    seen: &mut BTreeSet<FuncId>,
) -> bool {
    if f == ctx.entry || !seen.insert(f) {
        return false;
    }
    let mut called = false;
    for &h in &ctx.reach {
        for site in cg.calls(h).iter().filter(|c| c.callee == f) {
            called = true;
            let before = if h == starter {
                site.span.end <= spawn.start
            } else {
                runs_only_before(cg, ctx, h, starter, spawn, seen)
            };
            if !before {
                return false;
            }
        }
    }
    called
}

/// Whether `f` runs once in a run of context `ctx`: it is the entry, or it is called from one
/// site of the context's reach, outside any loop, in a function that runs once there.
fn runs_once_in(cg: &CallGraph, ctx: &Context, f: FuncId) -> bool {
    let mut f = f;
    let mut seen = BTreeSet::new();
    while f != ctx.entry {
        if !seen.insert(f) {
            return false;
        }
        let mut sites = ctx.reach.iter().flat_map(|&h| {
            cg.calls(h)
                .iter()
                .filter(move |c| c.callee == f)
                .map(move |c| (h, c.span))
        });
        let (Some((h, span)), None) = (sites.next(), sites.next()) else {
            return false;
        };
        if crate::ir::loop_around(&cg.function(h).body, span).is_some() {
            return false;
        }
        f = h;
    }
    true
}

/// The method calls of `body` that run on every path through it, in order: its own statements
/// and those of blocks, lock regions and `try` bodies among them, as (receiver, method, span).
fn unconditional_calls(
    body: &[crate::ir::Stmt],
) -> impl Iterator<Item = (&Place, &str, crate::source::Span)> {
    use crate::ir::Stmt;
    let mut out = Vec::new();
    fn walk<'b>(body: &'b [Stmt], out: &mut Vec<(&'b Place, &'b str, crate::source::Span)>) {
        for s in body {
            match s {
                Stmt::Event(Event::MethodCall {
                    place,
                    method,
                    span,
                    ..
                }) => {
                    out.push((place, method.as_str(), *span));
                }
                Stmt::Block(b) | Stmt::Hold { body: b, .. } => walk(b, out),
                Stmt::Try { body: b, .. } => walk(b, out),
                _ => {}
            }
        }
    }
    walk(body, &mut out);
    out.into_iter()
}
