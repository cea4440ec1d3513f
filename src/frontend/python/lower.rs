//! Python AST -> concurrency IR. One pass over the tree (plus a pre-pass that learns the types
//! of module globals and class fields from their constructors), using `names` for scopes and
//! imports and the API models for what library calls mean.
//!
//! Precision first: a receiver whose type is unknown gives `Callee::Dynamic`, never a guess.
//!
//! What the lowerer resolves from what one file shows, with the code doing it where it has a name:
//!
//! - Calls of a field bound in `__init__` are rewritten, after the whole file is lowered, to the
//!   function every constructor call of the module passes (`resolve_function_fields`).
//! - A function under a lock decorator of the file (`@locked`: a wrapper calling it inside
//!   `with self._lock:`, or on a typed first parameter) is lowered inside that lock's `Hold`. A
//!   lock the decorator or its factory makes itself is one lock per decorated function, a global
//!   place named `@decorator(function).lock`; a library decorator the models name a
//!   `[[locking_decorator]]` (`functools.cached_property`) likewise; stacked ones nest in written
//!   order.
//! - A class named through a module variable bound to it (`IOLoop = Epoll`) is recorded as a
//!   module alias.
//! - A module handed around as a value (a parameter defaulting to a module the file imports
//!   whole, `socket_module=socket`, or a field every assignment of its class binds to one,
//!   `self._process_module = subprocess`) is read as that module, so calls through it are the
//!   module's (`held_module`).
//! - A comprehension's element is lowered as the body of a `Loop`.
//! - A local last bound to a lock of a field or global is that lock (`Frame::bound_from`).
//! - A field a class inherits from a base of the file is typed as the base types it.
//! - A `with` on a `@contextmanager` lock helper of the file (on `self` or an object of its
//!   class) is a `Hold` of its lock.
//! - A call of a lock getter of the object's class is that field's lock after the call: a method
//!   returning one lock field on every `return` (`ClassInfo::field_getters`, `lock_getter_place`:
//!   `with self._get_lock():`, `self._ensure_lock().acquire()`), or one element of a container
//!   field of locks, whatever it is given (`ClassInfo::element_getters`:
//!   `with self.target_lock(t):`, the container's element class). Any method called on a
//!   getter's result (`self._get_pool().submit(f)`) is one of the place the getter returns
//!   (`getter_place`, which also reads the module and class-attribute getters).
//! - A local that an `if` leaves standing for a lock in some arms only
//!   (`lock = contextlib.nullcontext()` in the other) is no lock (`join_bound_from`).
//! - A `with` on a module helper yielding while it holds the lock it is handed
//!   (`async with _acquire(self._lock):`, `param_lock_helpers`) is a `Hold` of the lock passed.
//! - An object of a program class is called through its `__call__`.
//! - Process constructions are recorded with their targets (`ModuleFacts::process_targets`,
//!   KN508), and a plain generator's cleanup around a `yield` (`ModuleFacts::generator_cleanups`:
//!   the collector closes an abandoned generator, a finalizer for KN202).
//! - At a nested `def`, the enclosing function's locals it assigns later from a constructor are
//!   typed (`type_locals_assigned_later`), so a closure's calls through them resolve.
//! - The locals a function binds and never reads are recorded (`ModuleFacts::unread_locals`,
//!   KN303: a task kept only in such a local is dropped), and the functions storing the task
//!   running them in a field or global (`ModuleFacts::self_kept_tasks`,
//!   `self.tasks.add(asyncio.current_task())`: KN303, such a task keeps its own reference).
//! - The variables of loops over a field of a class of the file (`for cb in self._callbacks:`)
//!   make calls through that field (`Callee::Method` naming the field; the call graph's
//!   `add_callback_calls` resolves them to what `append` stored there). A field keeping
//!   callbacks by key counts too: `self._handlers.setdefault(k, []).append(h)` and
//!   `self._handlers[k].append(h)` are recorded as an `append` on the field
//!   (`nested_container_store`), `self._on[k] = cb` stores by `__setitem__`, and
//!   `for h in self._handlers.get(k, [])`, `for hs in self._handlers.values(): for h in hs:` and
//!   `self._on[k]()` call what was stored. So does a local bound to an item taken out of such a
//!   field (`job = self._jobs.get()`, `get_nowait`, `pop`, `popleft`: `taken_element`), a
//!   queue's `put` storing into it; a call of one taken off a thread-safe queue is recorded
//!   (`ModuleFacts::queued_calls`: the call graph makes it a precise edge, which thread contexts
//!   follow).
//! - A lambda written as a call's argument is passed as its function's `Place::Global`
//!   (`with_functions`).
//! - A loop's `else:` that leaves the function (`else: return None`), under a body that can
//!   `break`, is lowered inside the loop (`push_loop`: each turn runs the `else:` and leaves, or
//!   runs the body and then may run it), so a way out through `break` never runs it; any other
//!   `else:` follows the loop.
//! - A conditional expression is typed by its branches (`either_type`); one testing a parameter
//!   (`open(p) if p else None`) is lowered as a branch on it with a `ParamTest`, as the statement
//!   `if p:` is (`param_conditional`). Every call's arguments are recorded by count and keyword
//!   (`ModuleFacts::call_shapes`): what a call leaves to the callee's literal defaults decides
//!   those branches (KN501's chains, `async_blocking::takes_chain`).
//! - A resource stored under a key of a container a local only borrows (bound from an element or
//!   attribute of another value, `Frame::borrowed_containers`) is handed to that container's
//!   owner.
//! - A property only returning a field of the object, or a lock of a member of it
//!   (`return self.repository.lock`; `ClassInfo::property_fields` keeps the dotted path, each
//!   step typed by the field before it, never a library type), names that field (`place_of`).
//! - Operations calling special methods (`len(x)`, `x[k]`, `k in x`, `f"{x}"`) on an object of a
//!   class of the file defining them are calls of those methods (`dunder_call`).
//! - A class body's annotated fields type and declare the objects' fields
//!   (`declare_annotated_fields`), and a dataclass without `__init__` gets the generated one
//!   (`dataclass_init`).
//! - A local bound from a shared field or global is that container in container uses
//!   (subscripts, `in`, iteration, container methods: `container_alias`).
//! - An object of a class of the file built in the call that hands it over (`Svc(Cache())`,
//!   `args=(Loader(),)`, also in the module's own statements: `main(Storage(root))`) is a local
//!   of its own declared with its class (`inline_construction`, `inline_object`).
//! - A lambda or `functools.partial` stored in a field or passed as an argument is the function
//!   it runs (the lambda's `Place::Global`, `partial_function`).
//! - A library class's method modelled as an opener, called through a typed local (`p.open()` on
//!   `p: Path`), opens (`open_by_method`).
//! - `type(self).m()` is the class's method; `self.__class__.x` and `type(self).x` are the
//!   class's field `x`. An access spelled through the class (`Registry.x`, `cls.x` too) is
//!   recorded in `ModuleFacts::class_spelled`, which the race analysis counts as shared even in a
//!   constructor (`lockset`, `shared`).
//! - A `yield` statement of a `@contextmanager` generator is a call of `ir::WITH_BODY`
//!   (`Frame::lends_at_yield`): the caller's `with` body raises there.
//! - A loop over a container field the class fills from one class (constructed in place, or a
//!   parameter every call site gives one class: `self.listeners[name] = listener`; the class may
//!   come later in the file or from another one), or annotates with one at its leaves
//!   (`Dict[str, List[Info]]`, `annotated_element`), types its variable, also the value of
//!   `for name, l in sorted(self.listeners.items())` (`element_types`, from the class prepass).
//!   A container reached through another field (`self._core.handlers`) is keyed by its dotted
//!   rest; a local bound to what it keeps under a key (`infos = self._jobs[kind]`) is iterated
//!   as the field (`element_locals`).
//! - An `if` finding a container not empty (`if self._q:`, `len(q) > 0`, `if not q: return`)
//!   records its non-empty arm (`ModuleFacts::nonempty_arms`), and writes that only add to a
//!   container (`append`, `add`, `c[k] = v`) their spans (`ModuleFacts::adding_writes`): KN102
//!   does not take an add for a write undoing such a test.
//! - Writes into an element of a container (`d[k][i] = v`) are recorded
//!   (`ModuleFacts::element_writes`): KN103 does not take one for a change of the entries of a
//!   container another thread iterates.
//! - A close of the variable of a loop over a local container (`for s in socks: s.close()`)
//!   closes the container's resources as well (`Lowerer::loop_containers`).
//! - An async lock's acquire in the arguments of a `[[timeout]]` call given a limit
//!   (`asyncio.wait_for(lock.acquire(), 5)`, `Lowerer::timed`) is recorded
//!   (`ModuleFacts::timed_acquires`): KN205 does not report it as a re-acquire, and it still
//!   holds the lock once it returns, since the timeout raises (the Rust lowerer makes such an
//!   acquire non-blocking instead: `tokio::time::timeout` returns an error).
//! - A test finding a receiver not empty (`while not q.empty():`, `if q.qsize():`) is kept for
//!   its body (`Frame::nonempty`, read against a blocking model's `unless_tested`).
//! - Past `isinstance(x, C)`, the `elif`/`else` arms forget that a local is a `C`
//!   (`isinstance_of_typed_local`).
//! - A started handle appended to a container, and the variable of a loop over a container
//!   keeping started threads, are recorded with the container (`ModuleFacts::element_handles`):
//!   `held_locks` takes a join of the loop variable for a join of the work the container keeps
//!   (KN204), and so does KN204's check of a process joined before the queue it fills is read
//!   (`rules/deadlocks/join_before_queue_drained.rs`).
//! - The locals a `for` loop or a comprehension binds are recorded by the loop's span
//!   (`ModuleFacts::loop_targets`): KN301's `joined_last_only` tells a join of each element from
//!   a join of the last thread a loop started.
//! - Writes that only empty a container or take a key out of it whatever it holds (`c.clear()`,
//!   `s.discard(x)`, `d.pop(k, None)`) are recorded by span (`ModuleFacts::removing_writes`):
//!   KN104 reads a closing method that empties a container of tasks after ending them as a
//!   teardown.
//! - A `try` records whether its handlers name only exceptions outside `OSError`
//!   (`lets_os_errors_out`: `except BlockingIOError:`, `except KeyError:`).
//! - A live view of a container (`iter(c)`, `c.keys()`) is recorded in
//!   `ModuleFacts::escaping_views` (KN103's `races/escaping_view.rs`).
//! - A lambda or nested function of a method reading its `self` is spawned on that object
//!   (`captured_self`).
//! - A pool's submits are recorded by the pool's place (`ModuleFacts::pool_submits`, read by
//!   KN207 and by `held_locks::spawn_targets`).
//! - `return wrapper` of a nested function binds the return slot to `Place::Global` of it, and a
//!   function under a decorator of the program is recorded in `ModuleFacts::decorated` (the call
//!   graph's `add_decorator_calls`).

use crate::ir::Atomicity;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, CmpOp, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::names::{self, Binding, ModulePath, ScopeInfo, ScopeKind};
use crate::frontend::TypeHints;
use crate::ir::{
    AccessKind, Callee, Class, Event, ExecCtx, Function, ImportFact, LockMode, LockUse, Module,
    Name, Place, PlaceDecl, Stmt as IrStmt, ThinVec,
};
use crate::models::schema::PipesModel;
use crate::models::{ArgRef, BlockingModel, ExecutorModel, Models, SpawnModel, INITIALIZER};
use crate::source::{FileId, Span};

/// Lowers a parsed module into `module` (which starts empty, named after the file).
pub(super) fn lower_module(
    module: &mut Module,
    path: ModulePath,
    body: &[Stmt],
    models: &Models,
    hints: &TypeHints,
) {
    let module_scope = names::scan_scope(body, ScopeKind::ModuleOrClass, &path);
    let mut l = Lowerer::new(module.file, module.name.clone(), path, models, hints);
    let module_fn = format!("{}.<module>", l.modname);
    l.frames.push(Frame {
        qual: Name::new(&module_fn),
        name: module_fn,
        class: None,
        class_name: None,
        kind: FrameKind::Module,
        scope: module_scope,
        params: Vec::new(),
        self_param: false,
        local_types: HashMap::default(),
        bound_from: HashMap::default(),
        swapped_out: HashSet::default(),
        element_locals: HashMap::default(),
        borrowed_containers: HashSet::default(),
        lambdas: HashMap::default(),
        class_locals: HashMap::default(),
        read_into: HashMap::default(),
        body,
        pipes: Vec::new(),
        lends_at_yield: false,
        sync_checked: Vec::new(),
        nonempty: Vec::new(),
        bound_methods: HashMap::default(),
        module_params: Vec::new(),
    });
    l.module_imports = whole_module_imports(body);
    l.flags = module_flags(body);
    l.global_setters = global_setters(body);
    l.prepass(body, &l.modname.clone());
    l.module_fields.retain(|_, m| m.is_some());
    for key in &l.ambiguous_fields {
        l.field_types.remove(key);
    }
    l.prepass_typed = l
        .field_types
        .keys()
        .map(|&(class, field)| Place::Field { class, field })
        .chain(l.global_types.keys().map(|&g| Place::Global(g)))
        .collect();
    // From here on, program-wide types of fields and globals (a factory's result) fill what
    // the file left unknown; the file's own constructors win. They are looked up when asked
    // (`hinted_type`), not copied in: the program may have tens of thousands.
    l.place_hints_on = true;
    let top = l.block(body);
    let frame = l.frames.pop();
    let mut functions = Vec::with_capacity(l.functions.len() + 1);
    functions.push(Function {
        name: frame.map(|f| f.name).unwrap_or_default(),
        short_name: "<module>".into(),
        class: None,
        span: Span::new(module.file, 0, 0),
        is_async: false,
        is_module_body: true,
        params: Vec::new(),
        body: top,
    });
    functions.append(&mut l.functions);
    module.functions = functions;
    module.classes = l.classes;
    module.decls = l.decls;
    module.aliases = l.aliases;
    module.facts.imports = l.imports;
    module.facts.main_guard = l.main_guard;
    module.facts.typed_params_asked = (l.params_asked.into_inner().into_iter())
        .map(|(f, i)| (f.to_string(), i))
        .collect();
    module.facts.typed_places_asked = l.places_asked.into_inner().into_iter().collect();
    module.facts.lock_types_asked = l.lock_types_asked.into_inner().into_iter().collect();
    module.facts.lock_helpers_asked = l.lock_helpers_asked.into_inner().into_iter().collect();
    module.facts.lock_helpers = l.lock_helpers.into_iter().collect();
    module
        .facts
        .lock_helpers
        .sort_unstable_by(|a, b| a.0.cmp(&b.0));
    module.facts.untyped_factory_binds = l.untyped_factory_binds;
    module.facts.discarded_calls = l.discarded_calls;
    module.facts.start_method = l.start_method;
    module.facts.async_not_coroutine = l.async_not_coroutine;
    module.facts.loop_callbacks = l.loop_callbacks;
    module.facts.queued_calls = l.queued_calls;
    module.facts.command_methods = l.command_methods;
    module.facts.memoized = l.memoized;
    module.facts.param_tests = l.param_tests;
    module.facts.constant_args = l.constant_args;
    module.facts.param_defaults = l.param_defaults;
    module.facts.sync_checked_calls = l.sync_checked_calls;
    module.facts.call_shapes = l.call_shapes;
    module.facts.start_method_chosen = l.start_method_chosen;
    module.facts.ephemeral_binds = l.ephemeral_binds;
    module.facts.unread_locals = l.unread_locals;
    module.facts.self_kept_tasks = l.self_kept_tasks;
    module.facts.class_spelled = l.class_spelled;
    module.facts.nonempty_arms = l.nonempty_arms;
    module.facts.adding_writes = l.adding_writes;
    module.facts.removing_writes = l.removing_writes;
    module.facts.element_writes = l.element_writes;
    module.facts.escaping_views = l.escaping_views;
    module.facts.element_handles = l.element_handles;
    module.facts.loop_targets = l.loop_targets;
    module.facts.timed_acquires = l.timed_acquires;
    module.facts.catches_all = l.catches_all;
    module.facts.error_reported_submits = l.error_reported_submits;
    module.facts.generator_cleanups = l.generator_cleanups;
    module.facts.plain_generators = l.plain_generators;
    module.facts.handed_back_calls = l.handed_back_calls;
    module.facts.handed_back_calls.sort();
    module.facts.handed_back_calls.dedup();
    module.facts.awaited_calls = l.awaited_calls;
    module.facts.awaited_calls.sort();
    module.facts.awaited_calls.dedup();
    module.facts.wrapped_sync = l.wrapped_sync;
    module.facts.decorated = l.decorated;
    module.facts.iterations = l.iterations;
    module.facts.process_targets = l.process_targets;
    module.facts.pool_submits = l.pool_submits;
    resolve_function_fields(&mut module.functions, &module.classes);
}

/// `self.handler = handler` in `__init__`, with every constructor call of the module passing
/// one function there (`App(on_request)`): a call of `self.handler(..)` in the class calls that
/// function (an instance attribute hides any method of that name).
fn resolve_function_fields(functions: &mut [Function], classes: &[Class]) {
    // (class, `__init__` parameter index) -> the one function of the module the constructor
    // calls pass there by name (an argument place naming it), `None` once two differ.
    let mut passed: HashMap<(Name, u32), Option<Name>> = HashMap::default();
    for f in functions.iter() {
        crate::ir::walk_events(&f.body, &mut |e| {
            let Event::Call {
                callee: Callee::Path(class),
                args,
                ..
            } = e
            else {
                return;
            };
            if !classes.iter().any(|c| c.name == class.as_str()) {
                return;
            }
            for (k, arg) in args.iter().enumerate() {
                let Some(Place::Global(g)) = arg else {
                    continue;
                };
                if !functions.iter().any(|d| d.name == g.as_str()) {
                    continue;
                }
                let slot = passed.entry((*class, k as u32 + 1)).or_insert(Some(*g));
                if *slot != Some(*g) {
                    *slot = None;
                }
            }
        });
    }
    if passed.values().all(Option::is_none) {
        return;
    }
    // (class, field) -> the function its `__init__` parameter receives.
    let mut fields: HashMap<(Name, Name), Name> = HashMap::default();
    for f in functions.iter() {
        let Some(class) = f.class.as_deref().filter(|_| f.short_name == "__init__") else {
            continue;
        };
        let class = Name::new(class);
        crate::ir::walk_events(&f.body, &mut |e| {
            let Event::Bind {
                target: Place::Field { class: c, field },
                value: Some(Place::Param { index, .. }),
                ..
            } = e
            else {
                return;
            };
            if *c == class {
                if let Some(Some(func)) = passed.get(&(class, *index)) {
                    fields.insert((class, *field), *func);
                }
            }
        });
    }
    if fields.is_empty() {
        return;
    }
    for f in functions.iter_mut() {
        crate::ir::walk_events_mut(&mut f.body, &mut |e| {
            if let Event::Call {
                callee: callee @ Callee::Method { .. },
                ..
            } = e
            {
                if let Callee::Method { class, method } = callee {
                    if let Some(func) = fields.get(&(*class, *method)) {
                        *callee = Callee::Path(*func);
                    }
                }
            }
        });
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Module,
    Function,
    Lambda,
}

/// One function being lowered (the module body is the outermost).
struct Frame<'m> {
    name: String,
    /// `name`, interned once: every local and parameter place of the frame names it.
    qual: Name,
    class: Option<String>,
    /// `class`, interned once: the type of the method's `self`.
    class_name: Option<Name>,
    kind: FrameKind,
    scope: ScopeInfo<'m>,
    params: Vec<String>,
    /// The first parameter is the instance or class (`self`/`cls`).
    self_param: bool,
    /// Known classes of locals and annotated parameters.
    local_types: HashMap<String, Name>,
    /// Locals last bound to the value of a field or global (`lock = self._lock`, `t =
    /// self._thread`): `with lock:` takes that lock, `t.join()` joins that thread.
    bound_from: HashMap<Place, Place>,
    /// Locals of `bound_from` whose field or global was rebound since (`batch = self._pending`,
    /// then `self._pending = []`): the local keeps the old container, which the field no
    /// longer holds, so it is not the field's container any more (`container_alias`).
    swapped_out: HashSet<Place>,
    /// Locals last bound to an element of a container kept in a field or global (`lock =
    /// self._locks[k]`, `.get(k)`, `.setdefault(k, Lock())`) -> the container's element place.
    element_locals: HashMap<Place, Place>,
    /// Locals last bound to an element or attribute of another value (`iface =
    /// iface_list[addr]`, `peer = state.peers[k]`): a container someone else keeps, so a
    /// resource stored into it (`iface["sock"] = socket()`) is handed to that owner.
    borrowed_containers: HashSet<Place>,
    /// Locals last bound to a lambda (`run = lambda: w.watch()`) -> the lambda's function:
    /// `Process(target=run)` runs it.
    lambdas: HashMap<String, Name>,
    /// Locals last bound to a class of the file (`T = Terminal`, `cls = type(self)`) -> the
    /// class: `T._initialized` is the class attribute, `T._initialize()` the class's method.
    class_locals: HashMap<String, Name>,
    /// Locals last bound to a value read from a shared place (`total = self.total`,
    /// `n = counts.get(k, 0)`): storing a value computed from one back into that place
    /// (`self.total = total + x`) completes a read-modify-write split over two statements.
    read_into: HashMap<String, Vec<Place>>,
    /// The frame's statements (empty for a lambda): scanned where a process is started with
    /// pipes, for whether the code hands them on.
    body: &'m [Stmt],
    /// Pipes of processes started here and kept (`proc = Popen(.., stdout=PIPE)`): their own
    /// resources, closed by `proc.stdout.close()`, the process's `closed_by` methods or `with`.
    pipes: Vec<Pipe>,
    /// A `@contextmanager` (or `@asynccontextmanager`) generator: its `yield` lends a value to
    /// the caller's `with` body, whose exception is raised back at the `yield`.
    lends_at_yield: bool,
    /// Callables the code checked are no coroutine functions where it is being lowered (`if not
    /// inspect.iscoroutinefunction(self.close):`, `assert not iscoroutinefunction(cb)`), spelled
    /// as names and attributes (`self.close`): calling one makes no coroutine.
    sync_checked: Vec<String>,
    /// Receivers an enclosing `if` or `while` test found not empty, with the testing method
    /// (`while not q.empty(): q.get()`): a blocking model's `unless_tested` methods.
    nonempty: Vec<(String, String)>,
    /// Locals last bound to a bound method of an object of a library type (`shutdown =
    /// self.executor.shutdown`, `wait = proc.wait`): calling the local calls that method on
    /// that object (`bound_method_call`).
    bound_methods: HashMap<String, ast::ExprAttribute>,
    /// Parameters defaulting to a module the file imports whole (`socket_module=socket`), by
    /// index: `socket_module.socket()` calls `socket.socket()` (`Lowerer::held_module`).
    module_params: Vec<(usize, Name)>,
}

/// One pipe of a process held in a local: `proc.stdout`.
#[derive(Clone, Debug)]
struct Pipe {
    local: String,
    keyword: String,
    /// The pipe as a resource: the local `proc.stdout`, a name no Python local can have.
    place: Place,
    /// Methods of the process that close every pipe (`communicate`).
    closed_by: Vec<String>,
}

/// A class body being lowered: its top-level names are class attributes.
struct ClassBody<'m> {
    qualname: String,
    /// `qualname`, interned once: the class of every class attribute.
    qual: Name,
    scope: ScopeInfo<'m>,
}

/// A callable spelled as a name or a chain of attributes on one (`cb`, `self.close`,
/// `self._conn.on_error`), as written.
fn spelled_callable(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!(
            "{}.{}",
            spelled_callable(&a.value)?,
            a.attr.as_str()
        )),
        _ => None,
    }
}

/// Whether a `break` in `body` leaves the loop `body` belongs to (one inside a nested loop or
/// function leaves that instead).
fn breaks_out(body: &[Stmt]) -> bool {
    leaves_loop(body, false)
}

/// Whether `body` has a `break` or `continue` of the loop around it (not of a loop inside it).
fn jumps_out(body: &[Stmt]) -> bool {
    leaves_loop(body, true)
}

/// Whether `body` has a `break` (or, with `continues`, a `continue`) of the loop around it.
fn leaves_loop(body: &[Stmt], continues: bool) -> bool {
    struct Jumps {
        continues: bool,
        found: bool,
    }
    impl<'a> Visitor<'a> for Jumps {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            match s {
                Stmt::Break(_) => self.found = true,
                Stmt::Continue(_) if self.continues => self.found = true,
                Stmt::For(_) | Stmt::While(_) | Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => visitor::walk_stmt(self, s),
            }
        }
        fn visit_expr(&mut self, _: &'a Expr) {}
    }
    let mut j = Jumps {
        continues,
        found: false,
    };
    for s in body {
        j.visit_stmt(s);
    }
    j.found
}

/// A call of a method without arguments on a receiver spelled as names and attributes
/// (`self._queue.qsize()`): the receiver and the method.
fn no_arg_method_call(e: &Expr) -> Option<(String, String)> {
    let Expr::Call(c) = e else {
        return None;
    };
    let Expr::Attribute(a) = &*c.func else {
        return None;
    };
    if !c.arguments.args.is_empty() || !c.arguments.keywords.is_empty() {
        return None;
    }
    Some((spelled_callable(&a.value)?, a.attr.to_string()))
}

/// The spawn event starting `p`.
fn spawn_event(p: Pending, handle: Option<Place>, once: bool, span: Span) -> Event {
    Event::Spawn {
        receiver: p.receiver,
        target: p.target,
        ctx: p.ctx,
        api: p.api.into(),
        handle,
        args: p.args.into(),
        once,
        span,
    }
}

/// One kind of element a container holds: its type, the spawn it is when started, and whether
/// the program made one of this kind only once (a list literal outside loops).
#[derive(Clone, Debug)]
struct Element {
    ty: Option<String>,
    pending: Option<Pending>,
    once: bool,
}

/// A spawn-model object constructed but not started yet (`t = Thread(target=f)`).
#[derive(Clone, Debug)]
struct Pending {
    target: Option<Callee>,
    /// The object a bound-method target runs on (`server` in `target=server.serve_forever`).
    receiver: Option<Place>,
    ctx: ExecCtx,
    api: String,
    args: Vec<Option<Place>>,
    start: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct ClassInfo {
    /// `(model api, entry method)` when the class derives from a spawn model's class.
    spawn: Option<(String, String, ExecCtx)>,
    /// Methods decorated `@property` (or `@cached_property`): reading the attribute runs them.
    properties: HashSet<String>,
    /// Properties whose getter only returns an attribute of the object (`return
    /// self._on_message`), or of a member of it (`return self.repository.lock`, the path
    /// joined by dots): calling the property's value calls what that attribute holds, and
    /// `with self.repository_lock:` takes that lock.
    property_fields: HashMap<String, String>,
    /// Plain methods without parameters but the object that return one field of it on every
    /// `return` (`def _get_lock(self): if self._lock is None: self._lock = Lock(); return
    /// self._lock`): a lock getter where that field is a lock (`lock_getter_place`).
    field_getters: HashMap<String, String>,
    /// Plain methods returning on every `return` an element of one container field, looked up
    /// by what they are given (`def target_lock(self, t): with self._guard: return
    /// self._locks.setdefault(t, Lock())`, `self._locks[t]`, `.get(t)`): a lock getter where
    /// that container keeps locks (`lock_getter_place`). Method -> the field, and the lock
    /// type a `setdefault` there makes when the key is missing.
    element_getters: HashMap<String, (String, Option<Name>)>,
    /// The server model's api when the class derives from a threading server
    /// (`class S(ThreadingMixIn, TCPServer)`): constructing it starts its handlers.
    server: Option<String>,
    /// What `__enter__` returns, when the class or a base of this file defines it: the value
    /// `with obj as v:` binds.
    enter: Option<Entered>,
    /// The same for `__aenter__` (`async with`).
    aenter: Option<Entered>,
    /// Its bases among the classes of this file, whose fields it inherits.
    bases: Vec<Name>,
    /// A `typing.Protocol`: an interface whose methods' bodies are stubs, which its
    /// implementations may define differently (a coroutine method implemented plainly).
    protocol: bool,
    /// The special methods among [`IMPLICIT_DUNDERS`] it defines itself.
    dunders: Vec<&'static str>,
    /// The methods it defines itself with a container's mutating name (`add`, `update`):
    /// calling one runs the checked code, whose own accesses say what it changes.
    mutators: Vec<String>,
}

/// Special methods Python calls for an operation on the object: `len(x)`, `x[k]`, `k in x`,
/// `str(x)` and `f"{x}"`.
const IMPLICIT_DUNDERS: &[&str] = &[
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__str__",
    "__repr__",
    "__format__",
    "__bool__",
];

/// What a context manager's `__enter__` (`__aenter__`) returns on every path.
#[derive(Clone, Debug, PartialEq)]
enum Entered {
    /// `return self`: the object itself.
    Itself,
    /// `return self.<field>`: one field of it.
    Field(String),
    /// Anything else (or nothing).
    Other,
}

/// How a name resolves in the current scope.
enum Res {
    /// A local or parameter.
    Local(Place),
    /// A module-level variable (this module's or imported): a place.
    Var(Name),
    /// A function or class defined in the checked code (qualified).
    Def(Name, bool),
    /// An imported name (qualified), module, function or class.
    Import(Name),
    /// A class attribute named inside its class body.
    ClassAttr(Place),
    Builtin(Name),
}

/// Where `Lowerer::lookup` found a name, borrowing from the scopes: `Res` without its
/// qualified names and places built, for the questions that only need the kind. The
/// `Binding`s carry the names `materialize` interned before, so each is built once per scope.
#[derive(Clone, Copy)]
enum Found<'s> {
    /// A local or parameter of frame `frame` (`param`: its index when a parameter the
    /// function never rebinds; `binding`: the frame's, absent for a parameter it never binds).
    Local {
        frame: usize,
        param: Option<usize>,
        shared: bool,
        binding: Option<&'s Binding>,
    },
    /// A module-level variable of this module (the module scope's binding, absent for a name
    /// only a function declares `global`).
    Var(Option<&'s Binding>),
    /// A function or class defined in the class body being lowered.
    ClassDef(&'s Binding, bool),
    /// A function or class defined in frame `.0`.
    LocalDef(usize, &'s Binding, bool),
    /// A function or class defined at module level.
    ModuleDef(&'s Binding, bool),
    Import(Name),
    /// A name from the module's one `from m import *`.
    StarImport(&'s str),
    ClassAttr(&'s Binding),
    Builtin,
}

/// The name in `cell`, made and interned the first time.
fn cached(cell: &std::cell::Cell<Option<Name>>, make: impl FnOnce() -> Name) -> Name {
    match cell.get() {
        Some(n) => n,
        None => {
            let n = make();
            cell.set(Some(n));
            n
        }
    }
}

/// What a lowered call produced, for the assignment that stores it.
#[derive(Default)]
struct CallOut {
    /// The class or API type constructed, when the callee is one.
    ty: Option<String>,
    args: ThinVec<Option<Place>>,
    pending: Option<Pending>,
    /// The call returned a pool's future: its done-callback methods, context and pool api.
    callbacks: Option<DoneCallbacks>,
}

/// A future from a pool's `submit`: which of its methods run a callable when the work
/// finishes (`add_done_callback`), on the worker's side.
#[derive(Clone, Debug)]
struct DoneCallbacks {
    methods: Vec<String>,
    ctx: ExecCtx,
    api: String,
}

struct Lowerer<'m> {
    file: FileId,
    /// Inside the body of a `try` that catches `BlockingIOError`: its socket calls are made on a
    /// non-blocking socket (they raise instead of waiting), so they are no blocking calls.
    nonblocking_try: u32,
    hints: &'m TypeHints,
    /// Parameters (function, index) whose type lowering asked for: only a new hint for one of
    /// these can change this file's IR (`ModuleFacts::typed_params_asked`).
    params_asked: std::cell::RefCell<HashSet<(Name, usize)>>,
    /// Fields and globals whose type lowering looked up and did not get from this file's own
    /// prepass: only a new hint for one of these can change what lowering emitted
    /// (`ModuleFacts::typed_places_asked`).
    places_asked: std::cell::RefCell<HashSet<Place>>,
    /// Names lowering looked up among the program's lock types, whether or not they were
    /// there: only a change of the lock type under one of these names can change what lowering
    /// emitted (`ModuleFacts::lock_types_asked`).
    lock_types_asked: std::cell::RefCell<HashSet<String>>,
    /// Fields and globals the prepass typed from this file's own constructors: a hint never
    /// overrides them.
    prepass_typed: HashSet<Place>,
    /// Fields the file constructs with two different types (`self.session = Async..()` in
    /// one branch, `Sync..()` in another): of no one type, so never typed.
    ambiguous_fields: HashSet<(Name, Name)>,
    /// Whether `hints.places` answers type lookups yet: not during the prepass, which types
    /// places from this file alone.
    place_hints_on: bool,
    /// `place = factory()` stores whose result had no type (`ModuleFacts::untyped_factory_binds`).
    untyped_factory_binds: Vec<(Place, Span)>,
    /// The constructor flags (`Models::is_constructor_flag`) every construction of the object
    /// held in a place passed (`socket.socket(af, socket.SOCK_DGRAM)`).
    constructed_with: HashMap<Place, Vec<Name>>,
    /// Places holding a pool built with one worker (`ThreadPoolExecutor(max_workers=1)`), by
    /// whether every construction seen for the place was: its jobs run one at a time.
    single_worker: HashMap<Place, bool>,
    /// `multiprocessing.set_start_method("fork")` (`ModuleFacts::start_method`).
    start_method: Option<(String, Span)>,
    /// Calls whose value their statement drops (`ModuleFacts::discarded_calls`).
    discarded_calls: Vec<Span>,
    /// `async def`s whose call gives no plain coroutine (`ModuleFacts::async_not_coroutine`).
    async_not_coroutine: Vec<String>,
    /// Functions run on an event loop's thread by their decorator (`ModuleFacts::loop_callbacks`).
    loop_callbacks: Vec<String>,
    /// `ModuleFacts::command_methods`.
    command_methods: Vec<(Name, Name)>,
    /// Functions whose result is cached (`ModuleFacts::memoized`).
    memoized: Vec<String>,
    /// `ModuleFacts::catches_all`.
    catches_all: Vec<String>,
    /// `ModuleFacts::error_reported_submits`.
    error_reported_submits: Vec<Span>,
    /// `ModuleFacts::generator_cleanups`.
    generator_cleanups: Vec<(Name, Span)>,
    /// `ModuleFacts::plain_generators`.
    plain_generators: Vec<String>,
    /// `ModuleFacts::handed_back_calls`.
    handed_back_calls: Vec<Span>,
    /// `ModuleFacts::awaited_calls`.
    awaited_calls: Vec<Span>,
    /// `ModuleFacts::wrapped_sync`.
    wrapped_sync: Vec<String>,
    /// `ModuleFacts::decorated`.
    decorated: Vec<(Name, Name, bool)>,
    /// `ModuleFacts::iterations`.
    iterations: Vec<Span>,
    /// `ModuleFacts::process_targets`.
    process_targets: Vec<(String, Callee, Name, Span)>,
    /// `ModuleFacts::pool_submits`.
    pool_submits: Vec<(Span, Place, bool)>,
    /// The method whose `self.x = param` assignments the prepass is reading, with its
    /// parameter names.
    prepass_method: Option<(String, &'m ast::Parameters)>,
    modname: String,
    path: ModulePath,
    models: &'m Models,
    acquire: HashSet<&'m str>,
    try_acquire: HashSet<&'m str>,
    release: HashSet<&'m str>,
    joins: HashSet<&'m str>,
    closes: HashSet<&'m str>,
    /// A buffer for names built only to be interned (`join`).
    scratch: std::cell::RefCell<String>,
    frames: Vec<Frame<'m>>,
    class_body: Option<ClassBody<'m>>,
    out: Vec<IrStmt>,
    functions: Vec<Function>,
    classes: Vec<Class>,
    class_info: HashMap<String, ClassInfo>,
    /// Some class of the file defines one of [`IMPLICIT_DUNDERS`]: operations on objects may
    /// call them.
    defines_dunders: bool,
    /// Some class of the file has a property (`ClassInfo::properties`).
    has_properties: bool,
    /// Lowering the targets of a `del` statement.
    deleting: bool,
    /// Some class of the file has a property only returning a field (`property_fields`).
    has_property_fields: bool,
    decls: Vec<PlaceDecl>,
    aliases: Vec<(String, String)>,
    imports: Vec<ImportFact>,
    main_guard: Option<Span>,
    field_types: HashMap<(Name, Name), Name>,
    /// The modules the file imports whole (`import socket`, `import subprocess as sp`): a
    /// value naming one is that module (`imported_module`).
    module_imports: HashSet<Name>,
    /// Fields of a class of the file that every assignment of the class binds to one module
    /// (`self._process_module = subprocess`, or a parameter defaulting to it: `self.socket_module
    /// = socket_module`); `None` once one binds anything else (dropped after the prepass).
    module_fields: HashMap<(Name, Name), Option<Name>>,
    /// What a container field of a class of the file holds, when every element the class
    /// puts in it is built by one class (`self.workers.append(Worker(..))`,
    /// `self.handlers[key] = Handler(..)`): `for w in self.workers:` types `w`. `None` when
    /// two classes are put there.
    element_types: HashMap<(Name, Name), Option<Name>>,
    global_types: HashMap<Name, Name>,
    /// Module functions that return one module global (`def trace_cache(): return
    /// _trace_cache`, a lazily made singleton): a call of one is that global's type.
    getters: HashMap<Name, Place>,
    /// Module functions returning their parameters in some order (`def _ordered(a, b): return
    /// (a, b) if id(a) < id(b) else (b, a)`): what they return has the type of what they get.
    permuting: HashSet<Name>,
    /// Functions of this file returning a process they start with pipes (`return
    /// subprocess.Popen(cmd, stdout=PIPE)`): the model's open API and the pipes asked for. A
    /// caller keeping the result owns the pipes.
    piped_helpers: HashMap<Name, (String, Vec<String>)>,
    /// `@contextmanager` functions of this file that yield while holding a lock (`with
    /// self._lock: yield`), by qualified name: `with self._locked():` holds that lock.
    lock_helpers: HashMap<String, Place>,
    /// `@contextmanager` (or `@asynccontextmanager`) module functions of this file that yield
    /// while holding the lock they are handed (`def _acquire(lock): await lock.acquire(); try:
    /// yield; finally: lock.release()`), by qualified name, with that parameter's position:
    /// `with _acquire(self._lock):` holds `self._lock`.
    param_lock_helpers: HashMap<String, usize>,
    /// Lock helpers looked up and not found in the file (`ModuleFacts::lock_helpers_asked`).
    lock_helpers_asked: std::cell::RefCell<HashSet<String>>,
    /// Module functions of this file that decorate a function with a wrapper calling it inside
    /// `with <first parameter>.<attr>:` or `with GLOBAL:` (`@locked`), by qualified name.
    lock_decorators: HashMap<String, DecoratorLock>,
    /// Module variables bound to a class of this file (`IOLoop = Epoll`), by qualified name.
    class_aliases: HashMap<String, Name>,
    /// Module functions of this file returning a lock decorator (`@once_per("key")`).
    lock_decorator_factories: HashMap<String, DecoratorLock>,
    /// The locks decorators hold around the function about to be lowered, outermost first.
    decorated_hold: Vec<(DecoratorLock, Span)>,
    /// The next function lowered is a `@contextmanager` generator (`Frame::lends_at_yield`).
    pending_context_manager: bool,
    pending: HashMap<Place, Pending>,
    /// Places that hold the handle of started work (joinable).
    spawned: HashSet<Place>,
    /// Loop variables over a field of a class of the checked code that holds callables
    /// (`for cb in self._callbacks:`): a call of one is a call through that field.
    elements_of_fields: HashMap<Place, (Name, Name)>,
    /// The locals `elements_of_fields` knows from an assignment (`infos = self._jobs[kind]`)
    /// rather than a loop: forgotten when bound to something else.
    element_locals: HashSet<Place>,
    /// The lambda `lambda()` lowered last, for the assignment binding it (`Frame::lambdas`).
    last_lambda: Option<Name>,
    /// Objects of classes of the file constructed as call arguments (`Svc(Cache())`), by the
    /// argument's range: each is a local of its own, declared with its class, so what the
    /// callee keeps of it is typed (`inline_object`).
    inline_objects: Vec<(TextRange, Place)>,
    /// Futures of pool work kept in a place, with their done-callback methods.
    callbacks: HashMap<Place, DoneCallbacks>,
    /// Handles of pool work kept in a place, with their methods that wait for the work
    /// (`fut.result()`, `res.get()`: the model's `handle_waits`).
    handle_waits: HashMap<Place, &'m [String]>,
    /// Containers filled with constructed objects (`ts = [Thread(...) for ...]`): each kind of
    /// element, handed to the variable of a `for` loop over them.
    elements: HashMap<Place, Vec<Element>>,
    /// Loop variables over a container holding several kinds of spawn objects (`for t in
    /// [Thread(target=a), Thread(target=b)]`): what `t.start()` may start.
    alternatives: HashMap<Place, Vec<(Pending, bool)>>,
    /// Loop variables over a container of spawn objects of one kind each made once
    /// (`[Thread(target=a)]`): `t.start()` in the loop starts it once.
    started_once: HashSet<Place>,
    /// Loops (and comprehensions) being lowered around the current statement.
    loop_depth: u32,
    /// Loop variables over a local container, with the container (`for sock in socks:`):
    /// closing each element closes what the container holds.
    loop_containers: HashMap<Place, Place>,
    /// Inside the arguments of a call bounding how long its future may wait
    /// (`asyncio.wait_for(lock.acquire(), 5)`, the `[[timeout]]` models): an async lock acquired
    /// there gives up when the time runs out instead of waiting forever (`timed_acquires`).
    timed: u32,
    lambda_names: HashMap<String, u32>,
    /// Locals last bound to an item taken off a thread-safe queue a field of a class of the
    /// file keeps (`job = self._jobs.get()`): calling one runs what was put there.
    queue_items: HashSet<Place>,
    /// The variables of the comprehensions being lowered that iterate objects of one class
    /// and are no local of the function (a comprehension's variables live in its own scope):
    /// they resolve to locals of the function while the comprehension is lowered, typed by
    /// that class (`type_comprehension_target`).
    comp_locals: Vec<(String, usize)>,
    /// `ModuleFacts::queued_calls`.
    queued_calls: Vec<Span>,
    /// The function each lambda of the file was lowered to, by the lambda's range: a lambda
    /// written as a call's argument (`self.dispatch(lambda: self.visit(r))`) is passed as that
    /// function (`with_functions`).
    lambdas_at: HashMap<TextRange, Name>,
    /// Module names bound once, at module level, to `True` or `False` and never rebound
    /// (`_IS_SYNC = True`): a branch they decide has one live arm.
    flags: HashMap<String, bool>,
    /// Module-level functions -> the module globals they assign (`global default; default =
    /// Resolver()`): a lazy getter calling one fills what it tests.
    global_setters: HashMap<String, Vec<String>>,
    /// `ModuleFacts::param_tests`.
    param_tests: Vec<crate::ir::ParamTest>,
    /// `ModuleFacts::constant_args`.
    constant_args: Vec<(Span, Vec<(crate::ir::ArgKey, crate::ir::Constant)>)>,
    /// `ModuleFacts::sync_checked_calls`.
    sync_checked_calls: Vec<Span>,
    /// `ModuleFacts::param_defaults`.
    param_defaults: Vec<(Name, u32, crate::ir::Constant)>,
    /// `ModuleFacts::call_shapes`.
    call_shapes: Vec<(Span, crate::ir::CallShape)>,
    /// `ModuleFacts::start_method_chosen`.
    start_method_chosen: Vec<Span>,
    /// `ModuleFacts::ephemeral_binds`.
    ephemeral_binds: Vec<Span>,
    /// `ModuleFacts::unread_locals`.
    unread_locals: Vec<(Name, Name)>,
    /// `ModuleFacts::self_kept_tasks`.
    self_kept_tasks: Vec<Name>,
    /// `ModuleFacts::class_spelled`.
    class_spelled: Vec<Span>,
    /// `ModuleFacts::nonempty_arms`.
    nonempty_arms: Vec<(Span, u8, Place)>,
    /// `ModuleFacts::adding_writes`.
    adding_writes: Vec<Span>,
    /// `ModuleFacts::removing_writes`.
    removing_writes: Vec<Span>,
    /// `ModuleFacts::element_writes`.
    element_writes: Vec<Span>,
    /// `ModuleFacts::escaping_views`.
    escaping_views: Vec<(Span, Place)>,
    /// `ModuleFacts::element_handles`.
    element_handles: Vec<(Place, Place)>,
    /// `ModuleFacts::loop_targets`.
    loop_targets: Vec<(Span, Place)>,
    /// `ModuleFacts::timed_acquires`.
    timed_acquires: Vec<Span>,
}

/// The place naming every element of a container kept in a field or global
/// (`Store._locks[]`): the locks a container holds are one lock class, apart from the container.
fn element_place(container: &Place) -> Option<Place> {
    match container {
        Place::Field { class, field } => Some(Place::Field {
            class: *class,
            field: Name::new(&elements_of(field)),
        }),
        Place::Global(g) => Some(Place::Global(Name::new(&elements_of(g)))),
        _ => None,
    }
}

/// `{name}[]`, without the formatting machinery (element places are named often).
fn elements_of(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    s.push_str(name);
    s.push_str("[]");
    s
}

/// `{base}.{attr}`, without the formatting machinery.
fn dotted(base: &str, attr: &str) -> String {
    let mut s = String::with_capacity(base.len() + 1 + attr.len());
    s.push_str(base);
    s.push('.');
    s.push_str(attr);
    s
}

/// A path whose last part is spelled like a class (`mod.Thing`, not `mod.CONST` or `mod.f`).
fn looks_like_class(q: &str) -> bool {
    let last = q.rfind('.').map_or(q, |i| &q[i + 1..]);
    last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !last.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        && !names::is_builtin(last)
}

/// Methods of builtin containers that change them in place.
fn is_mutator(m: &str) -> bool {
    matches!(
        m,
        "append"
            | "extend"
            | "insert"
            | "remove"
            | "pop"
            | "clear"
            | "sort"
            | "reverse"
            | "update"
            | "setdefault"
            | "popitem"
            | "add"
            | "discard"
            | "difference_update"
            | "intersection_update"
            | "symmetric_difference_update"
            | "appendleft"
            | "popleft"
            | "extendleft"
            | "rotate"
            | "__setitem__"
            | "__delitem__"
    )
}

/// The containers an `if` test finds not empty, each with the arm that runs when it is:
/// `if q:`, `if len(q):`, `len(q) > 0` (also `!= 0`, `>= 1`, `0 < len(q)`), any operand of an
/// `and` (arm 0); `not q`, `len(q) == 0`, and every operand of an `or` of those (arm 1: `if not
/// q or not r: return`).
fn container_nonempty_arms(test: &Expr) -> Vec<(u8, &Expr)> {
    fn container(e: &Expr) -> Option<&Expr> {
        match e {
            Expr::Name(_) | Expr::Attribute(_) => Some(e),
            Expr::Call(c)
                if c.arguments.args.len() == 1
                    && c.arguments.keywords.is_empty()
                    && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "len" | "bool")) =>
            {
                container(&c.arguments.args[0])
            }
            _ => None,
        }
    }
    fn int(e: &Expr) -> Option<u8> {
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_u8(),
                _ => None,
            },
            _ => None,
        }
    }
    fn len_of(e: &Expr) -> Option<&Expr> {
        match e {
            Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "len") => {
                container(e)
            }
            _ => None,
        }
    }
    // Whether `e` finds one container not empty (`true`) or empty (`false`).
    fn one(e: &Expr) -> Option<(bool, &Expr)> {
        use ast::CmpOp::{Eq, Gt, GtE, Lt, LtE, NotEq};
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                one(&u.operand).map(|(holds, c)| (!holds, c))
            }
            Expr::Compare(c) if c.ops.len() == 1 => {
                let (op, left, right) = (c.ops[0], &*c.left, &c.comparators[0]);
                match (len_of(left), int(right), int(left), len_of(right)) {
                    (Some(q), Some(n), _, _) => match (op, n) {
                        (Gt | NotEq, 0) | (GtE, 1) => Some((true, q)),
                        (Eq, 0) | (Lt, 1) | (LtE, 0) => Some((false, q)),
                        _ => None,
                    },
                    (_, _, Some(n), Some(q)) => match (op, n) {
                        (Lt | NotEq, 0) | (LtE, 1) => Some((true, q)),
                        (Eq, 0) | (Gt, 1) | (GtE, 0) => Some((false, q)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            e => container(e).map(|c| (true, c)),
        }
    }
    match test {
        Expr::BoolOp(b) => {
            let and = b.op == ast::BoolOp::And;
            // `a and b` holds only where each operand does; `a or b` fails only where each
            // operand fails.
            b.values
                .iter()
                .filter_map(one)
                .filter(|(holds, _)| *holds == and)
                .map(|(_, c)| (u8::from(!and), c))
                .collect()
        }
        e => one(e)
            .map(|(holds, c)| (u8::from(!holds), c))
            .into_iter()
            .collect(),
    }
}

/// Methods of builtin containers that only put elements in: after one, the container is not
/// empty if it was not before.
/// Calls taking away from a container that a second run leaves as the first did, raising
/// nothing: `c.clear()`, `s.discard(x)`, `d.pop(k, default)` (`ModuleFacts::removing_writes`).
fn removes_idempotently(m: &str, args: &ast::Arguments) -> bool {
    if !args.keywords.is_empty() {
        return false;
    }
    matches!(
        (m, args.args.len()),
        ("clear", 0) | ("discard", 1) | ("pop", 2)
    )
}

fn only_adds(m: &str) -> bool {
    matches!(
        m,
        "append"
            | "appendleft"
            | "extend"
            | "extendleft"
            | "insert"
            | "add"
            | "update"
            | "setdefault"
            | "__setitem__"
    )
}

/// Methods of builtin containers that only read them.
fn is_reader(m: &str) -> bool {
    matches!(
        m,
        "get"
            | "keys"
            | "values"
            | "items"
            | "copy"
            | "count"
            | "index"
            | "__contains__"
            | "__getitem__"
            | "__len__"
    )
}

fn ctx_of(s: &str) -> ExecCtx {
    match s {
        "process" => ExecCtx::Process,
        "task" => ExecCtx::Task,
        "greenlet" => ExecCtx::Greenlet,
        "reactor" => ExecCtx::Reactor,
        _ => ExecCtx::Thread,
    }
}

/// The owner named in [`shared_memory_lock_place`].
const SHARED_MEMORY: &str = "shared_memory";

/// The lock `v.get_lock()` returns, for every shared-memory object alike: their own places are
/// named by type, not by object, so one lock place keeps a locked update of one from racing a
/// locked update of another, and a `@contextmanager` that yields under `cv.get_lock()` (whose
/// `cv` the prepass cannot type) holds the same lock as its callers name.
fn shared_memory_lock_place(method: &str) -> Place {
    Place::Field {
        class: Name::new(SHARED_MEMORY),
        field: Name::new(method),
    }
}

/// An `except` clause type that catches the error a non-blocking socket raises instead of
/// waiting: `BlockingIOError` (also in a tuple), `ssl.SSLWantReadError`/`SSLWantWriteError`.
fn catches_would_block(e: &Expr) -> bool {
    match e {
        Expr::Tuple(t) => t.elts.iter().any(catches_would_block),
        Expr::Name(n) => n.id.as_str() == "BlockingIOError",
        Expr::Attribute(a) => matches!(
            a.attr.as_str(),
            "BlockingIOError" | "SSLWantReadError" | "SSLWantWriteError"
        ),
        _ => false,
    }
}

/// Whether an `except` clause's type catches no `OSError` a failing connect or bind raises:
/// every name in it is a built-in exception outside `OSError`'s family, or one of the
/// would-block signals a non-blocking socket raises on purpose. An unknown name may be an
/// alias of `OSError` (`socket.error`), so it counts as catching.
fn misses_os_errors(e: &Expr) -> bool {
    const OUTSIDE_OS_ERROR: &[&str] = &[
        "BlockingIOError",
        "InterruptedError",
        "SSLWantReadError",
        "SSLWantWriteError",
        "KeyError",
        "IndexError",
        "LookupError",
        "ValueError",
        "TypeError",
        "AttributeError",
        "NameError",
        "StopIteration",
        "StopAsyncIteration",
        "ImportError",
        "ModuleNotFoundError",
        "NotImplementedError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "ZeroDivisionError",
        "ArithmeticError",
        "OverflowError",
        "AssertionError",
        "RecursionError",
        "KeyboardInterrupt",
        "SystemExit",
        "GeneratorExit",
    ];
    match e {
        Expr::Tuple(t) => !t.elts.is_empty() && t.elts.iter().all(misses_os_errors),
        Expr::Name(n) => OUTSIDE_OS_ERROR.contains(&n.id.as_str()),
        // `ssl.SSLWantReadError`, `errno`-free spellings through a module.
        Expr::Attribute(a) => matches!(
            a.attr.as_str(),
            "BlockingIOError" | "SSLWantReadError" | "SSLWantWriteError"
        ),
        _ => false,
    }
}

fn is_false(e: &Expr) -> bool {
    matches!(e, Expr::BooleanLiteral(b) if !b.value)
        || matches!(e, Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0)))
}

fn arg_ref<'e>(args: &'e ast::Arguments, r: &ArgRef) -> Option<&'e Expr> {
    if let Some(k) = &r.keyword {
        if let Some(kw) = args.find_keyword(k) {
            return Some(&kw.value);
        }
    }
    r.position.and_then(|p| args.find_positional(p))
}

impl<'m> Lowerer<'m> {
    fn new(
        file: FileId,
        modname: String,
        path: ModulePath,
        models: &'m Models,
        hints: &'m TypeHints,
    ) -> Self {
        let mut acquire = HashSet::default();
        let mut try_acquire = HashSet::default();
        let mut release = HashSet::default();
        // Only Python's lock models name methods by themselves: Rust's `read`/`write`/`lock`
        // on a receiver of unknown type are file and socket calls in Python.
        let python_locks = models
            .files
            .iter()
            .filter(|f| f.language == "python")
            .flat_map(|f| &f.lock);
        for m in python_locks {
            acquire.extend(m.acquire.iter().map(String::as_str));
            acquire.extend(m.read.iter().map(String::as_str));
            acquire.extend(m.write.iter().map(String::as_str));
            try_acquire.extend(m.try_acquire.iter().map(String::as_str));
            release.extend(m.release.iter().map(String::as_str));
        }
        let mut joins = HashSet::default();
        for s in models.spawns() {
            joins.extend(s.join.iter().map(String::as_str));
        }
        let mut closes = HashSet::default();
        for f in &models.files {
            for r in &f.resource {
                closes.extend(r.close.iter().map(String::as_str));
            }
        }
        Lowerer {
            file,
            params_asked: Default::default(),
            places_asked: Default::default(),
            lock_types_asked: Default::default(),
            prepass_typed: HashSet::default(),
            ambiguous_fields: HashSet::default(),
            place_hints_on: false,
            untyped_factory_binds: Vec::new(),
            constructed_with: HashMap::default(),
            single_worker: HashMap::default(),
            discarded_calls: Vec::new(),
            start_method: None,
            async_not_coroutine: Vec::new(),
            loop_callbacks: Vec::new(),
            command_methods: Vec::new(),
            memoized: Vec::new(),
            catches_all: Vec::new(),
            error_reported_submits: Vec::new(),
            generator_cleanups: Vec::new(),
            plain_generators: Vec::new(),
            handed_back_calls: Vec::new(),
            awaited_calls: Vec::new(),
            wrapped_sync: Vec::new(),
            decorated: Vec::new(),
            iterations: Vec::new(),
            process_targets: Vec::new(),
            pool_submits: Vec::new(),
            prepass_method: None,
            modname,
            path,
            models,
            acquire,
            try_acquire,
            release,
            joins,
            closes,
            scratch: Default::default(),
            frames: Vec::new(),
            class_body: None,
            nonblocking_try: 0,
            out: Vec::new(),
            functions: Vec::new(),
            classes: Vec::new(),
            class_info: HashMap::default(),
            defines_dunders: false,
            has_properties: false,
            deleting: false,
            has_property_fields: false,
            decls: Vec::new(),
            aliases: Vec::new(),
            imports: Vec::new(),
            main_guard: None,
            field_types: HashMap::default(),
            module_imports: HashSet::default(),
            module_fields: HashMap::default(),
            element_types: HashMap::default(),
            global_types: HashMap::default(),
            getters: HashMap::default(),
            permuting: HashSet::default(),
            piped_helpers: HashMap::default(),
            lock_helpers: HashMap::default(),
            param_lock_helpers: HashMap::default(),
            lock_helpers_asked: Default::default(),
            lock_decorators: HashMap::default(),
            class_aliases: HashMap::default(),
            lock_decorator_factories: HashMap::default(),
            decorated_hold: Vec::new(),
            pending_context_manager: false,
            pending: HashMap::default(),
            spawned: HashSet::default(),
            elements_of_fields: HashMap::default(),
            element_locals: HashSet::default(),
            last_lambda: None,
            inline_objects: Vec::new(),
            callbacks: HashMap::default(),
            handle_waits: HashMap::default(),
            elements: HashMap::default(),
            alternatives: HashMap::default(),
            started_once: HashSet::default(),
            loop_depth: 0,
            timed: 0,
            loop_containers: HashMap::default(),
            lambda_names: HashMap::default(),
            lambdas_at: HashMap::default(),
            queue_items: HashSet::default(),
            comp_locals: Vec::new(),
            queued_calls: Vec::new(),
            flags: HashMap::default(),
            global_setters: HashMap::default(),
            param_tests: Vec::new(),
            constant_args: Vec::new(),
            param_defaults: Vec::new(),
            sync_checked_calls: Vec::new(),
            call_shapes: Vec::new(),
            start_method_chosen: Vec::new(),
            ephemeral_binds: Vec::new(),
            unread_locals: Vec::new(),
            self_kept_tasks: Vec::new(),
            class_spelled: Vec::new(),
            nonempty_arms: Vec::new(),
            adding_writes: Vec::new(),
            removing_writes: Vec::new(),
            element_writes: Vec::new(),
            escaping_views: Vec::new(),
            element_handles: Vec::new(),
            loop_targets: Vec::new(),
            timed_acquires: Vec::new(),
            hints,
        }
    }

    fn span(&self, r: TextRange) -> Span {
        Span::new(self.file, r.start().to_u32(), r.end().to_u32())
    }

    fn frame(&self) -> &Frame<'m> {
        self.frames
            .last()
            .expect("invariant: the module frame is always pushed")
    }

    fn frame_mut(&mut self) -> &mut Frame<'m> {
        self.frames
            .last_mut()
            .expect("invariant: the module frame is always pushed")
    }

    fn emit(&mut self, e: Event) {
        self.out.push(IrStmt::Event(e));
    }

    fn access(&mut self, place: Place, kind: AccessKind, r: TextRange) {
        let span = self.span(r);
        self.emit(Event::Access {
            place,
            kind,
            atomic: Atomicity::Plain,
            span,
        });
    }

    /// Lowers statements into a fresh buffer and returns it.
    fn block(&mut self, body: &'m [Stmt]) -> Vec<IrStmt> {
        let saved = std::mem::take(&mut self.out);
        // What a loop in this block found not empty (`while q.empty(): ..`) holds to its end.
        let frames = self.frames.len();
        let nonempty = self.frames.last().map_or(0, |f| f.nonempty.len());
        for s in body {
            self.stmt(s);
        }
        if self.frames.len() == frames {
            if let Some(f) = self.frames.last_mut() {
                f.nonempty.truncate(nonempty);
            }
        }
        std::mem::replace(&mut self.out, saved)
    }

    /// Lowers one expression into a fresh buffer and returns it.
    fn expr_block(&mut self, e: &Expr) -> Vec<IrStmt> {
        let saved = std::mem::take(&mut self.out);
        self.expr(e);
        std::mem::replace(&mut self.out, saved)
    }

    // ---------------------------------------------------------------- pre-pass

    /// Learns classes (bases, field types from constructors) and the types of module globals
    /// before any body is lowered, so uses that precede definitions in the file still resolve.
    fn prepass(&mut self, body: &'m [Stmt], prefix: &str) {
        for s in body {
            match s {
                Stmt::ClassDef(c) => {
                    let q = dotted(prefix, &c.name);
                    self.register_class(&q, c);
                    self.prepass(&c.body, &q);
                }
                Stmt::Assign(a) if self.class_body.is_none() && prefix == self.modname => {
                    // `IOLoop = Epoll`: a module name for a class of this file (the first one
                    // bound, when platform branches bind several implementations).
                    if let ([Expr::Name(n)], Expr::Name(_) | Expr::Attribute(_)) =
                        (a.targets.as_slice(), &*a.value)
                    {
                        if let Some(q) = self.qualname_here(&a.value) {
                            let local = dotted(&self.modname, &n.id);
                            if self.class_info.contains_key(q.as_str())
                                && !self.class_aliases.contains_key(&local)
                            {
                                self.aliases.push((local.clone(), q.to_string()));
                                self.class_aliases.insert(local, q);
                            }
                        }
                    }
                    // `a = b = Lock()`, and `a, b = Lock(), Lock()` pair by pair.
                    let pairs = paired(&a.targets, &a.value)
                        .unwrap_or_else(|| a.targets.iter().map(|t| (t, &*a.value)).collect());
                    for (t, value) in pairs {
                        if let (Expr::Name(n), Expr::Call(call)) = (t, value) {
                            if let Some(ty) = self.constructed_type(call) {
                                self.global_types
                                    .insert(self.join(&self.modname, &n.id), Name::new(&ty));
                            }
                        }
                    }
                }
                Stmt::FunctionDef(f) => {
                    self.register_lock_helper(f, prefix);
                    if prefix == self.modname {
                        if let Some(piped) = self.returned_piped_process(f) {
                            let helper = self.join(&self.modname, &f.name);
                            self.piped_helpers.insert(helper, piped);
                        }
                    }
                    if prefix == self.modname && returns_permutation(f) {
                        let helper = self.join(&self.modname, &f.name);
                        self.permuting.insert(helper);
                    }
                    // `def trace_cache(): return _trace_cache`: a getter of a module global.
                    if prefix == self.modname {
                        if let Some(g) = returned_global(&f.body) {
                            let getter = self.join(&self.modname, &f.name);
                            let global = self.join(&self.modname, g);
                            self.getters.insert(getter, Place::Global(global));
                        }
                    } else if let Some(field) = returned_class_attr(f) {
                        // `@classmethod def get(cls): .. return cls._instance`: a getter of
                        // a class attribute (a singleton's accessor).
                        let getter = self.join(prefix, &f.name);
                        self.getters.insert(
                            getter,
                            Place::Field {
                                class: Name::new(prefix),
                                field: Name::new(field),
                            },
                        );
                    }
                }
                Stmt::If(i) if prefix == self.modname => {
                    self.prepass(&i.body, prefix);
                    for c in &i.elif_else_clauses {
                        self.prepass(&c.body, prefix);
                    }
                }
                Stmt::Try(t) if prefix == self.modname => {
                    self.prepass(&t.body, prefix);
                    self.prepass(&t.orelse, prefix);
                    self.prepass(&t.finalbody, prefix);
                }
                _ => {}
            }
        }
    }

    fn register_class(&mut self, q: &str, c: &'m ast::StmtClassDef) {
        if self.class_info.contains_key(q) {
            return;
        }
        let mut info = ClassInfo::default();
        for base in c.arguments.iter().flat_map(|a| a.args.iter()) {
            let Some(b) = self.qualname_of(base) else {
                continue;
            };
            if matches!(b.as_str(), "typing.Protocol" | "typing_extensions.Protocol") {
                info.protocol = true;
            }
            if let Some(m) = self.models.spawn_constructor(&b) {
                if let Some(entry) = &m.subclass_entry {
                    info.spawn = Some((b.to_string(), entry.clone(), ctx_of(&m.context)));
                }
                if !m.handler_entry.is_empty() && info.server.is_none() {
                    info.server = Some(b.to_string());
                }
            } else if let Some(parent) = self.class_info.get(b.as_str()) {
                info.bases.push(b);
                if info.spawn.is_none() {
                    info.spawn = parent.spawn.clone();
                }
                if info.server.is_none() {
                    info.server = parent.server.clone();
                }
                if info.enter.is_none() {
                    info.enter = parent.enter.clone();
                }
                if info.aenter.is_none() {
                    info.aenter = parent.aenter.clone();
                }
            }
        }
        for s in &c.body {
            if let Stmt::FunctionDef(f) = s {
                if let Some(d) = IMPLICIT_DUNDERS.iter().find(|d| **d == f.name.as_str()) {
                    info.dunders.push(d);
                    self.defines_dunders = true;
                }
                if is_mutator(f.name.as_str()) {
                    info.mutators.push(f.name.to_string());
                }
                if f.decorator_list.iter().any(|d| {
                    is_property_decorator(&d.expression)
                        || self.qualname_of(&d.expression).as_deref()
                            == Some("functools.cached_property")
                }) {
                    info.properties.insert(f.name.to_string());
                    self.has_properties = true;
                    if let Some(field) = returned_self_attribute(f) {
                        self.has_property_fields = true;
                        info.property_fields.insert(f.name.to_string(), field);
                    }
                }
                if let Some(via) = sends_command(f) {
                    let method = Name::new(&format!("{q}.{}", f.name));
                    self.command_methods.push((method, Name::new(via)));
                }
                if !f.is_async && f.decorator_list.is_empty() && f.parameters.len() == 1 {
                    if let Entered::Field(field) = entered(f) {
                        info.field_getters.insert(f.name.to_string(), field);
                    }
                }
                if !f.is_async && f.decorator_list.is_empty() {
                    if let Some((field, default)) = returned_element_field(f) {
                        let made = default
                            .and_then(|c| self.constructed_type(c))
                            .filter(|t| self.models.lock(t).is_some())
                            .map(|t| Name::new(&t));
                        info.element_getters
                            .insert(f.name.to_string(), (field, made));
                    }
                }
                match f.name.as_str() {
                    "__enter__" => info.enter = Some(entered(f)),
                    "__aenter__" => info.aenter = Some(entered(f)),
                    _ => {}
                }
            }
        }
        self.class_info.insert(q.to_string(), info);
        // Field types: `self.x = C(...)` in any method, `x = C(...)` in the class body.
        for s in &c.body {
            match s {
                Stmt::FunctionDef(f) => {
                    let Some(self_name) = names::first_positional(&f.parameters) else {
                        continue;
                    };
                    let method = dotted(q, &f.name);
                    let mut typed = self.typed_params(&method, f);
                    // `lock = threading.Lock(); .. self._lock = lock`: a local the method
                    // binds to one construction types the field it is stored in.
                    for (local, ty) in self.constructed_locals(&f.body) {
                        typed.entry(local).or_insert(ty);
                    }
                    self.prepass_method = Some((method, &f.parameters));
                    self.field_types_in(q, self_name, &typed, &f.body);
                    self.prepass_method = None;
                }
                Stmt::Assign(a) => {
                    if let Expr::Call(call) = &*a.value {
                        if let Some(ty) = self.constructed_type(call) {
                            for t in &a.targets {
                                if let Expr::Name(n) = t {
                                    self.field_types
                                        .insert((Name::new(q), Name::new(&n.id)), Name::new(&ty));
                                }
                            }
                        }
                    }
                }
                // `_loop: asyncio.AbstractEventLoop`, a dataclass's `cache: Cache` or
                // `_lock: Lock = field(default_factory=Lock)`: the type of the objects' field.
                Stmt::AnnAssign(a) => {
                    let Expr::Name(n) = &*a.target else { continue };
                    let ty = match a.value.as_deref() {
                        None => self.annotated_class(&a.annotation),
                        Some(Expr::Call(call)) => self.default_factory(call).or_else(|| {
                            if self.is_field_spec(call) {
                                self.annotated_class(&a.annotation)
                            } else {
                                self.constructed_type(call)
                            }
                        }),
                        // `handlers: Dict[str, H] = {}`: the value says what it is.
                        Some(_) => None,
                    };
                    if let Some(ty) = ty {
                        self.field_types
                            .entry((Name::new(q), Name::new(&n.id)))
                            .or_insert(Name::new(&ty));
                    }
                }
                _ => {}
            }
        }
    }

    /// The class an annotation of a class-body field names (`cache: Cache`, `_loop:
    /// asyncio.AbstractEventLoop`), when it is one whose objects knot follows: not a generic
    /// container (`Dict[str, int]`, `list`) nor a protocol of the file.
    fn annotated_class(&self, annotation: &Expr) -> Option<String> {
        let q = self.qualname_of(annotation)?;
        let container = q.starts_with("typing.")
            || q.starts_with("collections.")
            || q.starts_with("builtins.")
            || matches!(
                q.as_str(),
                "dict" | "list" | "set" | "tuple" | "frozenset" | "str" | "int" | "float" | "bool"
            );
        let protocol = self.class_info.get(q.as_str()).is_some_and(|c| c.protocol);
        (!container && !protocol && self.is_class_like(&q)).then(|| q.to_string())
    }

    /// The class of the checked code a container annotation holds at its leaves (`List[Job]`,
    /// `Dict[str, List[Job]]`, `deque[Job]`): what iterating the container, or a container
    /// it keeps under a key, yields.
    fn annotated_element(&self, annotation: &Expr) -> Option<String> {
        let mut at = annotation;
        for _ in 0..3 {
            let Expr::Subscript(s) = at else { break };
            let q = self.qualname_of(&s.value)?;
            let (module, last) = q.as_str().rsplit_once('.').unwrap_or(("", q.as_str()));
            if !matches!(
                module,
                "" | "typing" | "collections" | "collections.abc" | "builtins"
            ) {
                return None;
            }
            at = match last.to_ascii_lowercase().as_str() {
                "list" | "set" | "frozenset" | "sequence" | "mutablesequence" | "iterable"
                | "collection" | "deque" | "abstractset" | "mutableset" => &s.slice,
                "dict" | "defaultdict" | "ordereddict" | "mapping" | "mutablemapping" => {
                    match &*s.slice {
                        Expr::Tuple(t) if t.elts.len() == 2 => &t.elts[1],
                        _ => return None,
                    }
                }
                _ => return None,
            };
        }
        if matches!(at, Expr::Subscript(_)) || std::ptr::eq(at, annotation) {
            return None;
        }
        let q = self.qualname_of(at)?;
        (self.class_info.contains_key(q.as_str()) && !self.is_model_type(&q)).then(|| q.to_string())
    }

    /// `dataclasses.field(..)`, `attr.ib(..)`: a field's specification, not its value.
    fn is_field_spec(&self, call: &ast::ExprCall) -> bool {
        self.field_spec_factory(call).is_some()
    }

    /// For a field specification (`dataclasses.field(..)`, `attr.ib(..)`), the keyword naming
    /// the factory that makes each object's value.
    fn field_spec_factory(&self, call: &ast::ExprCall) -> Option<&'static str> {
        match self.qualname_of(&call.func)?.as_str() {
            "dataclasses.field" => Some("default_factory"),
            "attr.ib" | "attr.attrib" | "attrs.field" | "attr.field" => Some("factory"),
            _ => None,
        }
    }

    /// The type `dataclasses.field(default_factory=C)` (or attrs' `attr.ib(factory=C)`) gives
    /// each object's field: `C`'s, when `C` is a class.
    fn default_factory(&self, call: &ast::ExprCall) -> Option<String> {
        let keyword = self.field_spec_factory(call)?;
        let factory = call.arguments.find_keyword(keyword)?;
        let made = self.qualname_of(&factory.value)?;
        if let Some(t) = self.models.factory_with(&made, None) {
            return Some(t.to_string());
        }
        self.is_class_like(&made).then(|| made.to_string())
    }

    /// Records `f` when it is a lock decorator (`@locked`), a factory returning one
    /// (`@once_per("key")`), or a decorator handing the function on to either
    /// (`def once_per_args(func): return once_per(...)(func)`).
    fn register_lock_decorator(&mut self, f: &ast::StmtFunctionDef) {
        let name = dotted(&self.modname, &f.name);
        if let Some(lock) = decorator_lock(f, &[]) {
            if let Some(lock) = self.decorator_lock_kind(&f.name, lock) {
                self.lock_decorators.insert(name, lock);
            }
            return;
        }
        // A factory: `def once_per(*keys): lock = Lock(); def once(func): ...; return once`.
        let factory = f.body.iter().find_map(|s| match s {
            Stmt::FunctionDef(inner) if returns_name(&f.body, &inner.name) => {
                decorator_lock(inner, &f.body)
            }
            _ => None,
        });
        if let Some(lock) = factory {
            // `def synchronized(lock): def deco(func): ... with lock: ...`: the lock is the
            // factory's argument, `@synchronized(LOCK)`.
            if let WrapperLock::Global(n) = lock {
                let mut positional = f
                    .parameters
                    .posonlyargs
                    .iter()
                    .chain(f.parameters.args.iter());
                if let Some(i) = positional.position(|a| a.parameter.name.as_str() == n) {
                    let lock = DecoratorLock::FactoryArgument(i as u32);
                    self.lock_decorator_factories.insert(name, lock);
                    return;
                }
                if names::param_names(&f.parameters).any(|p| p == n) {
                    return;
                }
            }
            if let Some(lock) = self.decorator_lock_kind(&f.name, lock) {
                self.lock_decorator_factories.insert(name, lock);
            }
            return;
        }
        // Delegation: `def once_per_args(func): return once_per(..)(func)` or `return locked(func)`.
        let Some(param) = names::first_positional(&f.parameters) else {
            return;
        };
        let Some(Stmt::Return(r)) = f.body.last() else {
            return;
        };
        let Some(Expr::Call(call)) = r.value.as_deref() else {
            return;
        };
        let hands_on =
            matches!(call.arguments.args.as_ref(), [Expr::Name(n)] if n.id.as_str() == param);
        if !hands_on {
            return;
        }
        let lock = match &*call.func {
            Expr::Call(factory) => self
                .qualname_of(&factory.func)
                .and_then(|q| self.lock_decorator_factories.get(q.as_str()).cloned()),
            callee => self
                .qualname_of(callee)
                .and_then(|q| self.lock_decorators.get(q.as_str()).cloned()),
        };
        if let Some(lock) = lock {
            self.lock_decorators.insert(name, lock);
        }
    }

    /// What a decorator's wrapper lock is, given the source's spelling. A lock the decorator
    /// (or its factory) makes itself must be a lock model's type: it is one lock per decorated
    /// function, named after the decorator.
    fn decorator_lock_kind(&self, decorator: &str, lock: WrapperLock<'_>) -> Option<DecoratorLock> {
        Some(match lock {
            WrapperLock::Field(attr) => DecoratorLock::SelfField(Name::new(attr)),
            WrapperLock::Global(n) => DecoratorLock::Global(self.join(&self.modname, n)),
            WrapperLock::Closure(local, ctor) => {
                let ty = self.constructed_type(ctor)?;
                if !self.is_lock_type(&ty) {
                    return None;
                }
                DecoratorLock::PerFunction {
                    decorator: Name::new(decorator),
                    local: Name::new(local),
                    ty: Name::new(&ty),
                    made_at: self.span(ctor.range()),
                }
            }
        })
    }

    /// Records `f` when it is a `@contextmanager` that yields inside `with self.attr:` (a method)
    /// or `with GLOBAL:` (a module function).
    fn register_lock_helper(&mut self, f: &ast::StmtFunctionDef, prefix: &str) {
        let in_class = prefix != self.modname;
        if !in_class {
            self.register_lock_decorator(f);
        } else if let Some(lock) = decorator_lock(f, &[]) {
            // A decorator written in the class body (`def synchronize(func): ...`) and applied
            // by its bare name to the methods below it, named by the class.
            if let Some(lock) = self.decorator_lock_kind(&f.name, lock) {
                self.lock_decorators.insert(dotted(prefix, &f.name), lock);
            }
        }
        if !in_class {
            self.register_param_lock_helper(f);
        }
        let is_cm = f.decorator_list.iter().any(|d| {
            self.qualname_of(&d.expression).as_deref() == Some("contextlib.contextmanager")
        });
        if !is_cm {
            return;
        }
        let Some(lock) = lock_around_yield(&f.body) else {
            return;
        };
        let first = names::first_positional(&f.parameters);
        let place = match lock {
            Expr::Attribute(a) if in_class => match &*a.value {
                Expr::Name(n) if Some(n.id.as_str()) == first => Place::Field {
                    class: Name::new(prefix),
                    field: Name::new(&a.attr),
                },
                _ => return,
            },
            Expr::Name(n) if !in_class => Place::Global(self.join(&self.modname, &n.id)),
            // `with cv.get_lock(): yield`: the lock of the shared memory it is handed.
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a)
                    if matches!(&*a.value, Expr::Name(_))
                        && self.models.is_shared_memory_lock_method(&a.attr) =>
                {
                    shared_memory_lock_place(&a.attr)
                }
                _ => return,
            },
            _ => return,
        };
        self.lock_helpers.insert(dotted(prefix, &f.name), place);
    }

    /// Records `f`, a module function, when it is a `@contextmanager` or
    /// `@asynccontextmanager` that yields while holding one of its parameters: inside `with
    /// lock:`, or after acquiring it (`lock.acquire()`, awaited, or under `asyncio.wait_for`,
    /// which raises rather than return without it) in a body that releases it.
    fn register_param_lock_helper(&mut self, f: &ast::StmtFunctionDef) {
        let is_cm = f.decorator_list.iter().any(|d| {
            matches!(
                self.qualname_of(&d.expression).as_deref(),
                Some("contextlib.contextmanager" | "contextlib.asynccontextmanager")
            )
        });
        if !is_cm {
            return;
        }
        // `with lock: yield` and `async with lock: yield` release it themselves.
        let held = lock_around_yield(&f.body).or_else(|| async_lock_around_yield(&f.body));
        let Some(Expr::Name(lock)) = held.or_else(|| acquired_before_yield(&f.body)) else {
            return;
        };
        let Some(index) = names::param_names(&f.parameters).position(|p| p == lock.id.as_str())
        else {
            return;
        };
        if held.is_none() && !releases(&f.body, lock.id.as_str()) {
            return;
        }
        self.param_lock_helpers
            .insert(dotted(&self.modname, &f.name), index);
    }

    /// The lock a `with _acquire(self._lock):` item holds: `_acquire` is a module function of
    /// this file yielding while it holds the parameter given `self._lock` (a field of the
    /// method's own instance, or a module global).
    fn param_lock_helper_call(&self, c: &ast::ExprCall) -> Option<Place> {
        let name = self.qualname_of(&c.func)?;
        let index = *self.param_lock_helpers.get(name.as_str())?;
        let arg = c.arguments.args.get(index)?;
        if matches!(arg, Expr::Starred(_))
            || c.arguments.args[..index]
                .iter()
                .any(|a| matches!(a, Expr::Starred(_)))
        {
            return None;
        }
        let place = self.place_of(arg)?;
        let own = match (&place, arg) {
            (Place::Field { .. }, Expr::Attribute(a)) => self
                .place_of(&a.value)
                .is_some_and(|recv| self.self_class(&recv).is_some()),
            (Place::Global(_), _) => true,
            _ => false,
        };
        own.then_some(place)
    }

    /// The lock a `with self._locked():` item holds, and the object it belongs to where that
    /// tells two instances apart: `_locked` is a lock helper of this file, called by name, on
    /// the method's own instance, or on an object of the helper's class (`with
    /// self.db.transaction():`, `self.db` a `Database` of this file; `with
    /// other.transaction():`, `other` a parameter or local of that type, owns the lock).
    fn lock_helper_call(&self, ctx: &Expr) -> Option<(Place, Option<Place>)> {
        let Expr::Call(c) = ctx else { return None };
        if let Some(lock) = self.param_lock_helper_call(c) {
            return Some((lock, None));
        }
        let no_args = c.arguments.args.is_empty() && c.arguments.keywords.is_empty();
        let mut owner = None;
        let name = match &*c.func {
            Expr::Attribute(a) if no_args => {
                let recv = self.place_of(&a.value)?;
                if let Some(lock) = self.shared_memory_lock(&recv, &a.attr) {
                    return Some((lock, None));
                }
                let class = match self.self_class(&recv) {
                    Some(class) => class,
                    None => {
                        let class = self.type_of(&recv)?;
                        if matches!(recv, Place::Param { .. } | Place::Local { .. }) {
                            owner = Some(recv);
                        }
                        class
                    }
                };
                dotted(&class, &a.attr)
            }
            Expr::Name(_) => self.qualname_of(&c.func)?.to_string(),
            _ => return None,
        };
        // A helper taking arguments holds a lock that depends on them, except the one lock of
        // all shared memory (`with try_init(cv):` yielding under `cv.get_lock()`).
        let lock = match self
            .lock_helpers
            .get(&name)
            .or_else(|| self.program_lock_helper(&name))
        {
            Some(lock) => lock,
            // A method helper a base class of this file defines (`with self._locked():` in a
            // subclass): the base's field, which the subclass inherits.
            None => match &c.func as &Expr {
                Expr::Attribute(a) => {
                    let (class, _) = name.rsplit_once('.')?;
                    self.inherited_lock_helper(class, &a.attr, 0)?
                }
                _ => return None,
            },
        };
        let shared_memory = matches!(lock, Place::Field { class, .. } if *class == SHARED_MEMORY);
        // A module function's helper holds a global: no object owns it.
        let owner = owner.filter(|_| matches!(lock, Place::Field { .. }) && !shared_memory);
        (no_args || shared_memory).then(|| (lock.clone(), owner))
    }

    /// A lock helper another file defines (`TypeHints::lock_helpers`), noting the name for the
    /// refinement round that learns one (`ModuleFacts::lock_helpers_asked`).
    fn program_lock_helper(&self, name: &str) -> Option<&Place> {
        let mut asked = self.lock_helpers_asked.borrow_mut();
        if !asked.contains(name) {
            asked.insert(name.to_string());
        }
        self.hints.lock_helpers.get(name)
    }

    /// The lock helper `method` of a base of `class` (among this file's classes).
    fn inherited_lock_helper(&self, class: &str, method: &str, depth: usize) -> Option<&Place> {
        if depth > 8 {
            return None;
        }
        let info = self.class_info.get(class)?;
        info.bases.iter().find_map(|b| {
            self.lock_helpers
                .get(&dotted(b.as_str(), method))
                .or_else(|| self.inherited_lock_helper(b.as_str(), method, depth + 1))
        })
    }

    /// The body of a function under a lock decorator (`@locked`), inside the `Hold` of the
    /// decorator's lock: the field of the method's own instance (or of a module function's
    /// first parameter, when its class is known), or a module global.
    fn held_by_decorator(
        &mut self,
        lock: DecoratorLock,
        span: Span,
        body: Vec<IrStmt>,
    ) -> Vec<IrStmt> {
        let frame = self.frame();
        let (place, owner) = match lock {
            DecoratorLock::SelfField(field) => {
                let owner = Place::Param {
                    function: frame.qual,
                    index: 0,
                };
                let class = match frame.self_param {
                    true => frame.class_name,
                    // `@job def run(engine: Engine)`: the wrapper locks `engine.<field>`.
                    false if frame.class.is_none() && !frame.params.is_empty() => {
                        self.type_of(&owner)
                    }
                    false => None,
                };
                let Some(class) = class else {
                    return body;
                };
                (Place::Field { class, field }, Some(owner))
            }
            DecoratorLock::Global(g) => (Place::Global(g), None),
            DecoratorLock::FactoryArgument(_) => return body,
            DecoratorLock::PerFunction {
                decorator,
                local,
                ty,
                made_at,
            } => {
                // One lock per decorated function: `mod.@synchronized(Cache:get).lock`.
                let own = frame
                    .name
                    .strip_prefix(self.modname.as_str())
                    .unwrap_or(&frame.name);
                let own = own.trim_start_matches('.').replace('.', ":");
                let place = Place::Global(
                    self.join(&self.modname, &format!("@{decorator}({own}).{local}")),
                );
                if let Place::Global(g) = &place {
                    self.global_types.insert(*g, ty);
                }
                self.decls.push(PlaceDecl {
                    place: place.clone(),
                    ty,
                    args: Vec::new(),
                    span: made_at,
                });
                (place, None)
            }
        };
        let ty = self.type_of(&place);
        let api = ty.filter(|t| self.is_lock_type(t));
        if ty.is_some() && api.is_none() {
            return body;
        }
        let lock = LockUse {
            lock: place,
            mode: LockMode::Exclusive,
            blocking: true,
            is_async: false,
            api,
            owner,
            span,
        };
        vec![IrStmt::Hold {
            lock,
            body: body.into(),
        }]
    }

    /// `v.get_lock()` on memory processes share (`multiprocessing.Value`): the lock guarding
    /// it (see [`shared_memory_lock_place`]).
    fn shared_memory_lock(&self, recv: &Place, method: &str) -> Option<Place> {
        let ty = self.type_of(recv)?;
        let m = self.models.process_shared(&ty)?;
        (m.lock_method.as_deref() == Some(method)).then(|| shared_memory_lock_place(method))
    }

    /// The parameters of method `f` (qualified `name`) whose class knot knows: annotated, or
    /// learned from every call site (`TypeHints::params`).
    fn typed_params(&self, name: &str, f: &ast::StmtFunctionDef) -> HashMap<String, String> {
        let mut out = HashMap::default();
        let params = f
            .parameters
            .posonlyargs
            .iter()
            .chain(f.parameters.args.iter());
        for (i, p) in params.enumerate() {
            let annotated = p
                .parameter
                .annotation
                .as_deref()
                .and_then(|a| self.qualname_of(a))
                .filter(|q| self.is_class_like(q))
                .map(String::from);
            let hinted = || match self.hints.params.is_empty() {
                true => None,
                false => self.hints.params.get(&(name.to_string(), i)).cloned(),
            };
            let ty = annotated.or_else(hinted);
            if let Some(ty) = ty {
                out.insert(p.parameter.name.to_string(), ty);
            }
        }
        out
    }

    /// Records that the prepass looked up the type of `name`, when it is a parameter of the
    /// method it is reading.
    fn note_param_asked(&self, name: &str) {
        if let Some((method, params)) = &self.prepass_method {
            let mut params = params.posonlyargs.iter().chain(params.args.iter());
            if let Some(index) = params.position(|p| p.parameter.name.as_str() == name) {
                self.params_asked
                    .borrow_mut()
                    .insert((Name::new(method), index));
            }
        }
    }

    fn field_types_in(
        &mut self,
        class: &str,
        self_name: &str,
        typed: &HashMap<String, String>,
        body: &[Stmt],
    ) {
        for s in body {
            self.note_element_type(class, self_name, typed, s);
            let (targets, value, ann): (&[Expr], Option<&Expr>, Option<&Expr>) = match s {
                // `self.a, self.b = Lock(), Condition()`: each field from its own value.
                Stmt::Assign(a) if paired(&a.targets, &a.value).is_some() => {
                    for (t, v) in paired(&a.targets, &a.value).unwrap_or_default() {
                        self.field_type_from(
                            class,
                            self_name,
                            typed,
                            std::slice::from_ref(t),
                            Some(v),
                            None,
                        );
                    }
                    continue;
                }
                Stmt::Assign(a) => (&a.targets, Some(&a.value), None),
                Stmt::AnnAssign(a) => (
                    std::slice::from_ref(&*a.target),
                    a.value.as_deref(),
                    Some(&a.annotation),
                ),
                Stmt::If(i) => {
                    self.field_types_in(class, self_name, typed, &i.body);
                    for c in &i.elif_else_clauses {
                        self.field_types_in(class, self_name, typed, &c.body);
                    }
                    continue;
                }
                Stmt::Try(t) => {
                    self.field_types_in(class, self_name, typed, &t.body);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        self.field_types_in(class, self_name, typed, &h.body);
                    }
                    self.field_types_in(class, self_name, typed, &t.orelse);
                    self.field_types_in(class, self_name, typed, &t.finalbody);
                    continue;
                }
                Stmt::With(w) => {
                    self.field_types_in(class, self_name, typed, &w.body);
                    continue;
                }
                Stmt::For(f) => {
                    self.field_types_in(class, self_name, typed, &f.body);
                    continue;
                }
                Stmt::While(f) => {
                    self.field_types_in(class, self_name, typed, &f.body);
                    continue;
                }
                _ => continue,
            };
            self.field_type_from(class, self_name, typed, targets, value, ann);
        }
    }

    /// Of two types a field is given, the lock when the other is a class of this file (a
    /// stand-in for the lock when no threads run).
    fn lock_or_stand_in(&self, a: Name, b: Name) -> Option<Name> {
        let stand_in = |t: Name| self.class_info.contains_key(t.as_str());
        if self.is_lock_type(a.as_str()) && stand_in(b) {
            Some(a)
        } else if self.is_lock_type(b.as_str()) && stand_in(a) {
            Some(b)
        } else {
            None
        }
    }

    /// The locals a function body binds to a construction of a known class, each to one
    /// (at any depth, not in nested functions): `lock = threading.Lock()` under an `if`.
    fn constructed_locals(&self, body: &[Stmt]) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = Vec::new();
        let mut conflicting: Vec<String> = Vec::new();
        each_statement(body, &mut |s| {
            if let Stmt::Assign(a) = s {
                if let ([Expr::Name(t)], Expr::Call(c)) = (&*a.targets, &*a.value) {
                    if let Some(ty) = self.constructed_type(c) {
                        let name = t.id.to_string();
                        match found.iter().find(|(l, _)| *l == name) {
                            Some((_, known)) if *known != ty => conflicting.push(name),
                            Some(_) => {}
                            None => found.push((name, ty)),
                        }
                    }
                }
            }
        });
        found.retain(|(l, _)| !conflicting.contains(l));
        found
    }

    /// The type one assignment in a method gives the fields of `self` it binds (the prepass
    /// of [`Self::field_types_in`]).
    fn field_type_from(
        &mut self,
        class: &str,
        self_name: &str,
        typed: &HashMap<String, String>,
        targets: &[Expr],
        value: Option<&Expr>,
        ann: Option<&Expr>,
    ) {
        self.note_module_field(class, self_name, targets, value);
        {
            let ty = match (value, ann) {
                (Some(Expr::Call(c)), _) => self.constructed_type(c),
                (_, Some(a)) => self
                    .qualname_of(a)
                    .filter(|q| self.is_class_like(q))
                    .map(String::from),
                // `self.live = live`: a typed parameter (`takes_param_type`).
                (Some(Expr::Name(n)), None) => {
                    self.note_param_asked(n.id.as_str());
                    typed
                        .get(n.id.as_str())
                        .filter(|t| self.takes_param_type(t))
                        .cloned()
                }
                (Some(Expr::BoolOp(b)), None) => self.bool_op_prepass_type(b, typed),
                (Some(Expr::If(i)), None) => {
                    let ty = |e: &Expr| match e {
                        Expr::Call(c) => self.constructed_type(c),
                        _ => None,
                    };
                    self.either_type(
                        ty(&i.body),
                        ty(&i.orelse),
                        [&*i.body, &*i.orelse].map(|e| matches!(e, Expr::NoneLiteral(_))),
                    )
                }
                _ => None,
            };
            let Some(ty) = ty else { return };
            for t in targets {
                if let Expr::Attribute(a) = t {
                    if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self_name) {
                        let key = (Name::new(class), Name::new(&a.attr));
                        let ty = Name::new(&ty);
                        let known = *self.field_types.entry(key).or_insert(ty);
                        if known == ty {
                            continue;
                        }
                        // A real lock or a stand-in class of the program doing nothing
                        // (`self._lock = threading.Lock() if threaded else FakeLock()`): the
                        // field is taken for the lock, which the threaded configuration holds.
                        match self.lock_or_stand_in(known, ty) {
                            Some(lock) => {
                                self.field_types.insert(key, lock);
                            }
                            None => {
                                self.ambiguous_fields.insert(key);
                            }
                        }
                    }
                }
            }
        }
    }

    /// `self.F[k] = C(..)` or `self.F.append(C(..))` (`add`, `appendleft`, `insert`), or the
    /// same with a parameter of a known class (`self.listeners[name] = listener`): the class of
    /// the checked code `F` holds (`element_types`). A container reached through a field of
    /// unknown type (`self._core.handlers[k] = Handler(..)`) is keyed by its dotted rest,
    /// `_core.handlers`, as its place names it.
    fn note_element_type(
        &mut self,
        class: &str,
        self_name: &str,
        typed: &HashMap<String, String>,
        s: &Stmt,
    ) {
        fn on_self(e: &Expr, self_name: &str) -> Option<String> {
            match e {
                Expr::Attribute(a) => match &*a.value {
                    Expr::Name(n) if n.id.as_str() == self_name => Some(a.attr.to_string()),
                    inner @ Expr::Attribute(_) => {
                        on_self(inner, self_name).map(|f| format!("{f}.{}", a.attr.as_str()))
                    }
                    _ => None,
                },
                _ => None,
            }
        }
        // `self.F: Dict[str, List[Job]] = defaultdict(list)`: the annotation says it.
        if let Stmt::AnnAssign(a) = s {
            if let (Some(field), Some(ty)) = (
                on_self(&a.target, self_name),
                self.annotated_element(&a.annotation),
            ) {
                let key = (Name::new(class), Name::new(&field));
                self.note_element(key, Some(Name::new(&ty)));
            }
            return;
        }
        let (field, value) = match s {
            Stmt::Assign(a) => match (&*a.targets, &*a.value) {
                ([Expr::Subscript(sub)], v @ (Expr::Call(_) | Expr::Name(_))) => {
                    match on_self(&sub.value, self_name) {
                        Some(f) => (f, v),
                        None => return,
                    }
                }
                _ => return,
            },
            Stmt::Expr(e) => {
                let Expr::Call(call) = &*e.value else { return };
                let Expr::Attribute(m) = &*call.func else {
                    return;
                };
                if !matches!(m.attr.as_str(), "append" | "add" | "appendleft" | "insert") {
                    return;
                }
                let (Some(f), Some(v @ (Expr::Call(_) | Expr::Name(_)))) =
                    (on_self(&m.value, self_name), call.arguments.args.last())
                else {
                    return;
                };
                (f, v)
            }
            _ => return,
        };
        let ty = match value {
            Expr::Call(c) => self.constructed_type(c),
            // A parameter: the class every call site passes (`TypeHints::params`).
            Expr::Name(n) => {
                self.note_param_asked(n.id.as_str());
                typed.get(n.id.as_str()).cloned()
            }
            _ => None,
        }
        // Whether it names a class is asked where the loop is lowered: a class of the file may
        // come later in it than the one keeping its objects.
        .filter(|t| !self.is_model_type(t));
        let key = (Name::new(class), Name::new(&field));
        self.note_element(key, ty.map(|t| Name::new(&t)));
    }

    /// The class whose objects the container field `key` holds, if one: of this file, or of
    /// another one (a parameter's class the call sites give, an imported class constructed).
    fn element_type(&self, key: &(Name, Name)) -> Option<Name> {
        self.element_types
            .get(key)
            .copied()
            .flatten()
            .filter(|t| self.is_class_like(t.as_str()))
    }

    /// Records that the container field `key` holds objects of the class `ty`; two different
    /// classes (or one unknown) leave it unknown.
    fn note_element(&mut self, key: (Name, Name), ty: Option<Name>) {
        match self.element_types.get(&key) {
            None => {
                self.element_types.insert(key, ty);
            }
            Some(old) if *old != ty => {
                self.element_types.insert(key, None);
            }
            Some(_) => {}
        }
    }

    /// The named parameter `name` (not `*args` or `**kw`) of the method the prepass is in.
    fn prepass_param(&self, name: &str) -> Option<&'m ast::ParameterWithDefault> {
        let (_, params) = self.prepass_method.as_ref()?;
        params
            .iter_non_variadic_params()
            .find(|p| p.parameter.name.as_str() == name)
    }

    /// `self.loop = loop or asyncio.new_event_loop()` in the prepass: the one type its operands
    /// give, `None` and parameters of no known type aside (what the missing value falls back on).
    fn bool_op_prepass_type(
        &self,
        b: &ast::ExprBoolOp,
        typed: &HashMap<String, String>,
    ) -> Option<String> {
        let mut out: Option<String> = None;
        for v in &b.values {
            let ty = match v {
                Expr::NoneLiteral(_) => continue,
                Expr::Call(c) => self.constructed_type(c)?,
                Expr::Name(n) => {
                    let name = n.id.as_str();
                    self.prepass_param(name)?;
                    self.note_param_asked(name);
                    match typed.get(name).filter(|t| self.takes_param_type(t)) {
                        Some(t) => t.clone(),
                        None => continue,
                    }
                }
                _ => return None,
            };
            match &out {
                Some(o) if *o != ty => return None,
                _ => out = Some(ty),
            }
        }
        out
    }

    // ---------------------------------------------------------------- names

    fn resolve(&self, name: &str) -> Res {
        self.materialize(name, self.lookup(name))
    }

    /// Where a name is bound in the current scope, without building any name.
    fn lookup(&self, name: &str) -> Found<'_> {
        if let Some(cb) = &self.class_body {
            if let Some(b) = cb.scope.get(name).filter(|b| b.bound && b.import.is_none()) {
                if let Some(is_class) = b.def {
                    return Found::ClassDef(b, is_class);
                }
                return Found::ClassAttr(b);
            }
        }
        let top = self.frames.len() - 1;
        if let Some((_, frame)) = self.comp_locals.iter().rev().find(|(n, _)| n == name) {
            return Found::Local {
                frame: *frame,
                param: None,
                shared: *frame != top,
                binding: None,
            };
        }
        for (i, f) in self.frames.iter().enumerate().rev() {
            if f.kind == FrameKind::Module {
                break;
            }
            let binding = f.scope.get(name);
            if binding.is_some_and(|b| b.global) {
                break;
            }
            if i == top && binding.is_some_and(|b| b.nonlocal) {
                continue;
            }
            let bound = binding.is_some_and(|b| b.bound);
            // A name bound in the frame is a local whether or not it is also a parameter: only
            // an unbound name needs the parameter list searched.
            let is_param = if bound {
                None
            } else {
                f.params.iter().position(|p| p == name)
            };
            if is_param.is_none() && !bound {
                continue;
            }
            if let Some(b) = binding {
                if let Some(q) = b.import {
                    return Found::Import(q);
                }
                if let Some(is_class) = b.def.filter(|_| !b.rebound.get()) {
                    return Found::LocalDef(i, b, is_class);
                }
            }
            let shared = i != top || binding.is_some_and(|b| b.used_by_nested);
            let param = is_param;
            return Found::Local {
                frame: i,
                param,
                shared,
                binding,
            };
        }
        let m = &self.frames[0].scope;
        if let Some(b) = m.get(name) {
            if let Some(q) = b.import {
                return Found::Import(q);
            }
            if let Some(is_class) = b.def {
                return Found::ModuleDef(b, is_class);
            }
            if b.bound || b.global {
                return Found::Var(Some(b));
            }
        }
        if !names::is_builtin(name) {
            if let [star] = m.star_imports.as_slice() {
                return Found::StarImport(star);
            }
            // A `global x` assigned only inside functions is still a module variable.
            let global = |f: &Frame| f.scope.get(name).is_some_and(|b| b.global);
            if self.frames.iter().any(global) {
                return Found::Var(None);
            }
        }
        Found::Builtin
    }

    /// The resolution `lookup` found for `name`, with its qualified names and places built
    /// (interned once per scope and name).
    fn materialize(&self, name: &str, found: Found<'_>) -> Res {
        let class_body = || {
            self.class_body
                .as_ref()
                .expect("invariant: a class-body name is found inside a class body")
        };
        let in_module = || self.join(&self.modname, name);
        match found {
            Found::ClassDef(b, is_class) => Res::Def(
                cached(&b.qual, || self.join(&class_body().qualname, name)),
                is_class,
            ),
            Found::ClassAttr(b) => Res::ClassAttr(Place::Field {
                class: class_body().qual,
                field: cached(&b.name, || Name::new(name)),
            }),
            Found::Local {
                frame,
                param,
                binding,
                ..
            } => {
                let function = self.frames[frame].qual;
                let place = match param {
                    Some(index) => Place::Param {
                        function,
                        index: index as u32,
                    },
                    None => Place::Local {
                        function,
                        name: match binding {
                            Some(b) => cached(&b.name, || Name::new(name)),
                            None => Name::new(name),
                        },
                    },
                };
                Res::Local(place)
            }
            Found::LocalDef(frame, b, is_class) => Res::Def(
                cached(&b.qual, || {
                    self.join(&dotted(&self.frames[frame].name, "<locals>"), name)
                }),
                is_class,
            ),
            Found::Import(q) => Res::Import(q),
            Found::StarImport(star) => Res::Import(self.join(star, name)),
            Found::ModuleDef(b, is_class) => Res::Def(cached(&b.qual, in_module), is_class),
            Found::Var(Some(b)) => Res::Var(cached(&b.qual, in_module)),
            Found::Var(None) => Res::Var(in_module()),
            Found::Builtin => Res::Builtin(Name::new(name)),
        }
    }

    /// The place an expression names when accesses to it are worth recording (shared state):
    /// `place_of` filtered by `is_shared`, without building the places of plain locals.
    fn shared_place_of(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Name(n) => {
                let name = n.id.as_str();
                match self.lookup(name) {
                    found @ (Found::Local { shared: true, .. }
                    | Found::Var(_)
                    | Found::ClassAttr(_)) => match self.materialize(name, found) {
                        Res::Local(p) | Res::ClassAttr(p) => Some(p),
                        Res::Var(q) => Some(Place::Global(q)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            Expr::Attribute(a) if self.on_fresh_local_in_classmethod(&a.value) => None,
            // `cache[k]` on a local a nested function shares (a decorator's cache).
            Expr::Subscript(s)
                if matches!(&*s.value, Expr::Name(n)
                    if matches!(self.lookup(n.id.as_str()), Found::Local { shared: true, .. })) =>
            {
                self.shared_place_of(&s.value)
            }
            // `cache[k]` on a local bound from a shared container (`cache = self._cache`).
            Expr::Subscript(s) if self.container_alias(&s.value).is_some() => {
                self.container_alias(&s.value)
            }
            _ => self
                .place_of(e)
                .filter(|p| matches!(p, Place::Field { .. } | Place::Global(_))),
        }
    }

    /// `obj.x` in a class method (`cls` first) on a local bound there to a new instance (`obj =
    /// Ctx()`): an alternative constructor filling the object it builds. Its fields would be
    /// named like the class attributes `cls.x` names, which every thread shares; the new object
    /// is not shared yet.
    fn on_fresh_local_in_classmethod(&self, base: &Expr) -> bool {
        let Expr::Name(n) = base else {
            return false;
        };
        let f = self.frame();
        if f.kind != FrameKind::Function
            || !f.self_param
            || f.params.first().map(String::as_str) != Some("cls")
            || n.id.as_str() == "cls"
        {
            return false;
        }
        let Found::Local { .. } = self.lookup(n.id.as_str()) else {
            return false;
        };
        let local = Place::Local {
            function: f.qual,
            name: Name::new(n.id.as_str()),
        };
        self.decls
            .iter()
            .rev()
            .any(|d| d.place == local && d.ty.as_str() != "")
    }

    /// The qualified name an expression denotes when it is a path through imports and
    /// definitions (`threading.Lock`, `mod.Class`, `open`), not a value.
    fn qualname_of(&self, e: &Expr) -> Option<Name> {
        let q = self.qualname_here(e);
        // A lock type the file cannot see by itself (`TypeHints::lock_types`): a lock wrapper
        // class, an alias of a lock class made in another module (`from ._acompat import
        // ALock`), or this module's own alias (`ALock = asyncio.Lock`). Each name is noted
        // even while no lock type is known, for the refinement round that learns one.
        match q {
            Some(q) => {
                self.note_lock_type_asked(q.as_str());
                if self.hints.lock_types.is_empty() {
                    return Some(q);
                }
                Some(self.hints.lock_types.get(q.as_str()).map_or(q, Name::from))
            }
            None => match e {
                Expr::Name(n) if matches!(self.lookup(n.id.as_str()), Found::Var(_)) => {
                    let name = dotted(&self.modname, &n.id);
                    self.note_lock_type_asked(&name);
                    self.hints.lock_types.get(&name).map(Name::from)
                }
                _ => None,
            },
        }
    }

    /// Records that lowering looked up `name` among the lock types
    /// (`ModuleFacts::lock_types_asked`).
    fn note_lock_type_asked(&self, name: &str) {
        let mut asked = self.lock_types_asked.borrow_mut();
        if !asked.contains(name) {
            asked.insert(name.to_string());
        }
    }

    /// The field or global a local was last bound from (`t = self._thread`), if any.
    fn bound_from(&self, place: &Place) -> Option<&Place> {
        match place {
            Place::Local { .. } => self.frame().bound_from.get(place),
            _ => None,
        }
    }

    /// What a local of an enclosing function, read in a nested one, was bound from when the
    /// nested function was defined (`f = self.flush`, then `def inner(): f()`): only a local
    /// the enclosing function binds once, since the nested function runs later.
    fn closure_bound_from(&self, place: &Place) -> Option<&Place> {
        let Place::Local { function, name } = place else {
            return None;
        };
        let frames = &self.frames[..self.frames.len().saturating_sub(1)];
        let f = frames.iter().rev().find(|f| f.qual == *function)?;
        let bound = f.bound_from.get(place)?;
        // `ori = self.hook`, then `self.hook = wrapper`: the local keeps the old value.
        let field = match bound {
            Place::Field { field, .. } => field.as_str(),
            _ => "",
        };
        (stores_of(f.body, name.as_str(), field) == 1).then_some(bound)
    }

    /// The shared container a local stands for, where the code uses it as one (`cache =
    /// self._cache` then `cache[k] = v`, `k in cache`, `for k in cache`, `cache.pop(k)`): the
    /// field or global the local was last bound from. Only those uses: a value read into a
    /// local under a lock and used after it (`n = self._count`) is a copy, not the field.
    fn container_alias(&self, e: &Expr) -> Option<Place> {
        let Expr::Name(n) = e else { return None };
        if n.ctx != ExprContext::Load {
            return None;
        }
        match self.lookup(n.id.as_str()) {
            Found::Local { shared: false, .. } => {}
            _ => return None,
        }
        let Res::Local(p) = self.resolve(n.id.as_str()) else {
            return None;
        };
        if self.frame().swapped_out.contains(&p) {
            return None;
        }
        self.bound_from(&p).cloned()
    }

    /// The shared place a container expression names, directly or through a local alias.
    fn container_place_of(&self, e: &Expr) -> Option<Place> {
        self.shared_place_of(e).or_else(|| self.container_alias(e))
    }

    /// The handle a join on `place` waits for: the field or global a local was last bound
    /// from (`t = self._thread; t.join()`), else `place` itself.
    fn joined_handle(&self, place: &Place) -> Place {
        self.bound_from(place).unwrap_or(place).clone()
    }

    /// The qualified name of the function `e` names when it is defined inside the function
    /// being lowered (`wrapper` in a decorator).
    fn nested_def(&self, e: &Expr) -> Option<Name> {
        let Expr::Name(_) = e else { return None };
        let Some(Callee::Path(q)) = self.callee_of(e) else {
            return None;
        };
        q.as_str()
            .strip_prefix(self.frame().qual.as_str())
            .and_then(|rest| rest.strip_prefix(".<locals>."))
            .is_some_and(|own| !own.contains('.'))
            .then_some(q)
    }

    /// Whether `e` is an attribute of a class of this file spelled through the class
    /// (`Registry.items`), not a nested class.
    fn class_attribute(&self, e: &Expr) -> bool {
        let Expr::Attribute(a) = e else { return false };
        let is_class =
            |q: Option<Name>| q.is_some_and(|q| self.class_info.contains_key(q.as_str()));
        is_class(self.qualname_of(&a.value))
            && !is_class(self.qualname_of(e))
            && matches!(self.place_of(e), Some(Place::Field { .. }))
    }

    /// The lock an explicit `acquire()`/`release()` on `place` takes: `for lock in self.locks:
    /// lock.acquire()` takes every lock of the field, and the field's locks are one lock.
    fn acquired_lock(&self, place: Place) -> Place {
        if let Some(element) = self.frame().element_locals.get(&place) {
            return element.clone();
        }
        if let Some((class, field)) = self.elements_of_fields.get(&place) {
            return element_place(&Place::Field {
                class: *class,
                field: *field,
            })
            .unwrap_or(place);
        }
        self.aliased_lock(place)
    }

    /// The element place a lock expression names, when it takes a lock out of a container
    /// kept in a field or global: `self._locks[k]`, `self._locks.get(k)`, a loop variable over
    /// `self._locks.values()`, or a local bound to one of them.
    fn element_lock_of(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Subscript(s) => element_place(&self.place_of(&s.value)?),
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a) if matches!(a.attr.as_str(), "get" | "setdefault") => {
                    element_place(&self.place_of(&a.value)?)
                }
                _ => None,
            },
            Expr::Name(_) => {
                let place = self.place_of(e)?;
                if let Some(element) = self.frame().element_locals.get(&place) {
                    return Some(element.clone());
                }
                let (class, field) = self.elements_of_fields.get(&place)?;
                element_place(&Place::Field {
                    class: *class,
                    field: *field,
                })
            }
            _ => None,
        }
    }

    /// The lock class every element of a container is, when the value stored into the
    /// container's place makes it of locks: `defaultdict(threading.Lock)`, `[Lock() for _ in
    /// ..]`, `{k: RLock() for k in ..}`, `[Lock(), Lock()]`.
    fn element_lock_type(&self, value: &Expr) -> Option<Name> {
        let made = |e: &Expr| match e {
            Expr::Call(c) => self
                .constructed_type(c)
                .filter(|t| self.models.lock(t).is_some())
                .map(|t| Name::new(&t)),
            _ => None,
        };
        match value {
            Expr::Call(c) => {
                let q = self.qualname_of(&c.func)?;
                if q.as_str() != "collections.defaultdict" {
                    return None;
                }
                let factory = self.qualname_here(c.arguments.args.first()?)?;
                self.models.lock(&factory).is_some().then_some(factory)
            }
            Expr::ListComp(l) => made(&l.elt),
            Expr::SetComp(l) => made(&l.elt),
            Expr::DictComp(d) => made(&d.value),
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                let first = made(elts.first()?)?;
                elts.iter().all(|e| made(e) == Some(first)).then_some(first)
            }
            _ => None,
        }
    }

    /// Declares the elements of the container at `container` locks of class `ty`.
    fn declare_element_lock(&mut self, container: Option<Place>, ty: Option<Name>, r: TextRange) {
        let (Some(place), Some(ty)) = (container.as_ref().and_then(element_place), ty) else {
            return;
        };
        let span = self.span(r);
        self.decls.push(PlaceDecl {
            place,
            ty,
            args: Vec::new(),
            span,
        });
    }

    /// The lock a local stands for when it was last bound to one kept in a field or global
    /// (`lock = self._lock; with lock:`); any other place as it is.
    fn aliased_lock(&self, place: Place) -> Place {
        match self.bound_from(&place) {
            Some(from) if self.type_of(from).is_some_and(|t| self.is_lock_type(&t)) => from.clone(),
            _ => place,
        }
    }

    /// `{base}.{attr}`, interned, built in a buffer kept for the purpose.
    fn join(&self, base: &str, attr: &str) -> Name {
        let mut buf = self.scratch.borrow_mut();
        buf.clear();
        buf.push_str(base);
        buf.push('.');
        buf.push_str(attr);
        Name::new(&buf)
    }

    /// `qualname_of` from this file alone.
    fn qualname_here(&self, e: &Expr) -> Option<Name> {
        match e {
            Expr::Name(n) => {
                let name = n.id.as_str();
                match self.lookup(name) {
                    Found::Var(_) if !self.class_aliases.is_empty() => {
                        let local = dotted(&self.modname, name);
                        self.class_aliases.get(&local).copied()
                    }
                    Found::Local { frame, .. } => self.class_local(frame, name),
                    Found::Var(_) | Found::ClassAttr(_) => None,
                    found => match self.materialize(name, found) {
                        Res::Import(q) | Res::Def(q, _) | Res::Builtin(q) => Some(q),
                        _ => None,
                    },
                }
            }
            Expr::Attribute(a) => {
                let attr = a.attr.as_str();
                if let Some(module) = self.held_module(&a.value) {
                    return Some(self.join(&module, attr));
                }
                match &*a.value {
                    Expr::Name(n) => {
                        let name = n.id.as_str();
                        match self.lookup(name) {
                            Found::Import(q) => Some(self.join(&q, attr)),
                            Found::Var(_) if !self.class_aliases.is_empty() => {
                                let local = dotted(&self.modname, name);
                                let class = self.class_aliases.get(&local).copied()?;
                                Some(self.join(&class, attr))
                            }
                            Found::Local { frame, .. } => {
                                (self.class_local(frame, name)).map(|class| self.join(&class, attr))
                            }
                            found @ (Found::StarImport(_)
                            | Found::ClassDef(..)
                            | Found::LocalDef(..)
                            | Found::ModuleDef(..)) => match self.materialize(name, found) {
                                Res::Import(q) | Res::Def(q, _) => Some(self.join(&q, attr)),
                                _ => None,
                            },
                            _ => None,
                        }
                    }
                    Expr::Attribute(_) => match self.qualname_of(&a.value) {
                        Some(base) => Some(self.join(&base, attr)),
                        None => self.mirrored(&a.value, attr),
                    },
                    _ => self.mirrored(&a.value, attr),
                }
                .or_else(|| match &*a.value {
                    Expr::Name(_) => self.mirrored(&a.value, attr),
                    _ => None,
                })
            }
            Expr::Subscript(s) => {
                // `Optional[Lock]` and `Union[Lock, None]` annotations name the class they may
                // hold; `Queue[int]` names its own.
                let q = self.qualname_of(&s.value)?;
                match q.as_str() {
                    "typing.Optional" => self.qualname_of(&s.slice),
                    "typing.Union" => match &*s.slice {
                        Expr::Tuple(t) => {
                            let mut some = t.elts.iter().filter(|e| !is_none(e));
                            match (some.next(), some.next()) {
                                (Some(e), None) => self.qualname_of(e),
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                    _ => Some(q),
                }
            }
            // `Lock | None`
            Expr::BinOp(b) if b.op == ast::Operator::BitOr => {
                match (is_none(&b.left), is_none(&b.right)) {
                    (false, true) => self.qualname_of(&b.left),
                    (true, false) => self.qualname_of(&b.right),
                    _ => None,
                }
            }
            Expr::StringLiteral(s) => {
                // A quoted annotation naming a class of this module; one that may be `None`
                // (`"Store | None"`, `"Optional[Store]"`) is read as the unquoted form.
                let text = s.value.to_str().trim();
                if text.contains(['|', '[']) {
                    return super::parse::parse_annotation(text)
                        .filter(|e| matches!(e, Expr::Subscript(_) | Expr::BinOp(_)))
                        .and_then(|e| self.qualname_here(&e));
                }
                match self.resolve(text) {
                    Res::Def(q, true) => Some(q),
                    Res::Import(q) => Some(q),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The module a name of the file imports whole, when `e` is that name (`socket` after
    /// `import socket`).
    fn imported_module(&self, e: &Expr) -> Option<Name> {
        let Expr::Name(n) = e else { return None };
        if self.module_imports.is_empty() {
            return None;
        }
        match self.lookup(n.id.as_str()) {
            Found::Import(q) if self.module_imports.contains(&q) => Some(q),
            _ => None,
        }
    }

    /// The parameters of a function whose default is a module the file imports whole
    /// (`def __init__(self, server, socket_module=socket)`), by their index in `params`.
    fn module_defaults(&self, p: &ast::Parameters, params: &[String]) -> Vec<(usize, Name)> {
        if self.module_imports.is_empty() {
            return Vec::new();
        }
        p.posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
            .filter_map(|a| {
                let module = self.imported_module(a.default.as_deref()?)?;
                let name = a.parameter.name.as_str();
                let index = params.iter().position(|q| q == name)?;
                Some((index, module))
            })
            .collect()
    }

    /// The module a value holds, where the code passes a module around as an object: a
    /// parameter defaulting to one the function never rebinds (`socket_module.socket()`), or
    /// a field every assignment of its class binds to one (`self._process_module.Popen(..)`).
    /// Calls through it are the module's own.
    fn held_module(&self, e: &Expr) -> Option<Name> {
        match e {
            Expr::Name(n) => {
                if self.frames.iter().all(|f| f.module_params.is_empty()) {
                    return None;
                }
                let Found::Local {
                    frame,
                    param: Some(index),
                    ..
                } = self.lookup(n.id.as_str())
                else {
                    return None;
                };
                let frame = self.frames.get(frame)?;
                frame
                    .module_params
                    .iter()
                    .find(|(i, _)| *i == index)
                    .map(|(_, m)| *m)
            }
            Expr::Attribute(_) if !self.module_fields.is_empty() => {
                let Some(Place::Field { class, field }) = self.place_of(e) else {
                    return None;
                };
                self.module_field(class, field)
            }
            _ => None,
        }
    }

    /// [`Self::held_module`] for a field of `class` or of one of its bases of this file.
    fn module_field(&self, class: Name, field: Name) -> Option<Name> {
        self.through_bases(class, 0, &|c| self.module_fields.get(&(c, field)).copied())
    }

    /// The first answer `own` gives for `class` or, nearest first, for one of its bases of this
    /// file (at most eight deep); `own` answering `Some(None)` ends the search without one.
    fn through_bases<T>(
        &self,
        class: Name,
        depth: usize,
        own: &dyn Fn(Name) -> Option<Option<T>>,
    ) -> Option<T> {
        if let Some(answer) = own(class) {
            return answer;
        }
        if depth > 8 {
            return None;
        }
        let info = self.class_info.get(class.as_str())?;
        info.bases
            .iter()
            .find_map(|b| self.through_bases(*b, depth + 1, own))
    }

    /// Prepass: what one assignment in a method binds the fields of `self` it names to, for
    /// [`Self::module_fields`]: a module the file imports whole, directly or through a
    /// parameter of the method defaulting to one; anything else rules the field out.
    fn note_module_field(
        &mut self,
        class: &str,
        self_name: &str,
        targets: &[Expr],
        value: Option<&Expr>,
    ) {
        if self.module_imports.is_empty() {
            return;
        }
        let module = match value {
            Some(v @ Expr::Name(n)) => match self
                .prepass_param(n.id.as_str())
                .map(|a| a.default.as_deref())
            {
                Some(default) => default.and_then(|d| self.imported_module(d)),
                None => self.imported_module(v),
            },
            _ => None,
        };
        for t in targets {
            let Expr::Attribute(a) = t else { continue };
            if !matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self_name) {
                continue;
            }
            let key = (Name::new(class), Name::new(&a.attr));
            let keep = match (self.module_fields.get(&key), module) {
                (None, Some(m)) => Some(m),
                (Some(Some(known)), Some(m)) if *known == m => Some(m),
                _ => None,
            };
            self.module_fields.insert(key, keep);
        }
    }

    /// `recv.attr` named after `recv`'s type when that type mirrors a module's API
    /// (`FactoryModel::mirrors`, whose models give it a copy of the module's entries):
    /// `multiprocessing.get_context("spawn").Process` is `multiprocessing.context.SpawnContext.Process`,
    /// as is `ctx.Process` with `ctx` (a local, global or field) holding that context.
    fn mirrored(&self, recv: &Expr, attr: &str) -> Option<Name> {
        if !self.models.may_mirror(attr) {
            return None;
        }
        let ty = match recv {
            Expr::Call(c) => Name::new(self.factory_type(self.qualname_of(&c.func)?.as_str(), c)?),
            _ => self.type_of(&self.place_of(recv)?)?,
        };
        self.models.mirrored_module(ty.as_str())?;
        Some(self.join(ty.as_str(), attr))
    }

    /// A lock model's type, or a class of the checked code that is a lock itself
    /// (`TypeHints::lock_types` names it after itself).
    fn is_lock_type(&self, q: &str) -> bool {
        if self.models.lock(q).is_some() {
            return true;
        }
        self.note_lock_type_asked(q);
        self.hints.lock_types.get(q).is_some_and(|t| t == q)
    }

    /// Pushes a `for`/`while` loop, then its `else:`. The `else:` runs only when the loop ends
    /// without `break`; when the body can `break` and the `else:` always leaves the function
    /// (`else: return None`, `raise ..`) with no `break`/`continue` of its own, the loop is
    /// lowered as one whose every turn either runs the `else:` and leaves or runs the body,
    /// then may run the `else:` (`loop { if ? { body; if ? { orelse } } else { orelse } }`),
    /// so a path out through a `break` never runs it. Otherwise the `else:` follows the loop, as if every way out ran it.
    /// `while not lock.acquire(False): body`, a poll for a lock: the body runs where the
    /// acquire failed, holding nothing, and the loop ends where it succeeded. Lowered as the
    /// `while True: if lock.acquire(False): break` it is (a tested try-acquire holds the lock
    /// in its first arm only); with a blocking `acquire()`, which waits and returns `True`, the
    /// body never runs and the test is all that is left. `None` once lowered; otherwise the
    /// test's statements back, for a plain loop.
    fn while_not_acquired(
        &mut self,
        w: &'m ast::StmtWhile,
        cond: Vec<IrStmt>,
    ) -> Option<Vec<IrStmt>> {
        let negated_call = matches!(&*w.test, Expr::UnaryOp(u)
            if u.op == ast::UnaryOp::Not && matches!(&*u.operand, Expr::Call(_)));
        let blocking = cond.iter().find_map(|st| match st {
            IrStmt::Event(Event::Acquire(l)) => Some(l.blocking),
            _ => None,
        });
        let (true, true, Some(blocking)) = (negated_call, w.orelse.is_empty(), blocking) else {
            return Some(cond);
        };
        if blocking {
            self.out.extend(cond);
            return None;
        }
        self.loop_depth += 1;
        let body = self.block(&w.body);
        self.loop_depth -= 1;
        let span = self.span(w.range);
        self.out.push(IrStmt::Loop {
            cond: ThinVec::new(),
            body: thin_vec::thin_vec![IrStmt::Branch {
                cond: cond.into(),
                arms: thin_vec::thin_vec![vec![IrStmt::Break(span)], body],
                span,
            }],
            infinite: true,
            span,
        });
        None
    }

    fn push_loop(
        &mut self,
        cond: Vec<IrStmt>,
        body: Vec<IrStmt>,
        infinite: bool,
        span: Span,
        py_body: &'m [Stmt],
        orelse: &'m [Stmt],
    ) {
        let leaves = matches!(orelse.last(), Some(Stmt::Return(_) | Stmt::Raise(_)));
        if infinite || !leaves || !breaks_out(py_body) || jumps_out(orelse) {
            self.out.push(IrStmt::Loop {
                cond: cond.into(),
                body: body.into(),
                infinite,
                span,
            });
            for s in orelse {
                self.stmt(s);
            }
            return;
        }
        // The `else:` also after a turn that ends without `break`: the loop may end there
        // (analyses walk a loop's body once, not round again).
        let orelse = self.block(orelse);
        let mut turn = body;
        turn.push(IrStmt::Branch {
            cond: ThinVec::new(),
            arms: thin_vec::thin_vec![Vec::new(), orelse.clone()],
            span,
        });
        self.out.push(IrStmt::Loop {
            cond: cond.into(),
            body: thin_vec::thin_vec![IrStmt::Branch {
                cond: ThinVec::new(),
                arms: thin_vec::thin_vec![turn, orelse],
                span,
            }],
            infinite: true,
            span,
        });
    }

    /// Whether a field bound to a parameter of type `ty` takes that type. Not a resource (a
    /// socket, a process): its owner may have set it up since (`sock.setblocking(False)`), and
    /// it is that owner's to close.
    fn takes_param_type(&self, ty: &str) -> bool {
        self.models.resource(ty).is_none()
    }

    fn is_model_type(&self, q: &str) -> bool {
        self.models.is_model_type(q)
    }

    /// A name that, called, constructs an instance of a class we can name.
    fn is_class_like(&self, q: &str) -> bool {
        self.is_model_type(q) || self.class_info.contains_key(q) || looks_like_class(q)
    }

    /// The class `e` names when it is the `cls` of a class method (`cls()` in an alternative
    /// constructor or a singleton's `get()` constructs the class).
    fn cls_of_classmethod(&self, e: &Expr) -> Option<Name> {
        let Expr::Name(n) = e else {
            return None;
        };
        let f = self.frame();
        (f.kind == FrameKind::Function
            && f.self_param
            && n.id.as_str() == "cls"
            && f.params.first().map(String::as_str) == Some("cls"))
        .then_some(f.class_name)
        .flatten()
    }

    /// Before a nested `def`: the enclosing function's locals it assigns once, by a
    /// constructor, after the `def` (`def after_remove(c): pool.get()` then `pool =
    /// Pool(..)`). The closure runs later, when they hold what the constructor built, so calls
    /// through them in its body resolve.
    fn type_locals_assigned_later(&mut self) {
        let body = self.frame().body;
        let mut assigned: HashMap<&str, u32> = HashMap::default();
        for s in body {
            if let Stmt::Assign(a) = s {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        *assigned.entry(n.id.as_str()).or_default() += 1;
                    }
                }
            }
        }
        for s in body {
            let Stmt::Assign(a) = s else { continue };
            let ([target @ Expr::Name(n)], Expr::Call(call)) = (&*a.targets, &*a.value) else {
                continue;
            };
            if assigned.get(n.id.as_str()) != Some(&1) {
                continue;
            }
            let Some(place @ Place::Local { .. }) = self.place_of(target) else {
                continue;
            };
            if self.type_of(&place).is_some() {
                continue;
            }
            if let Some(ty) = self.constructed_type(call) {
                self.set_type(&place, Name::new(&ty));
            }
        }
    }

    /// The type a call returns: a class it constructs, or a factory model's type.
    fn constructed_type(&self, call: &ast::ExprCall) -> Option<String> {
        if let Some(class) = self.cls_of_classmethod(&call.func) {
            return Some(class.to_string());
        }
        let q = self.qualname_of(&call.func)?;
        if let Some(t) = self.factory_type(&q, call) {
            return Some(t.to_string());
        }
        self.is_class_like(&q).then(|| q.to_string())
    }

    /// A factory model's type for a call of `q`, given the call's constant first argument
    /// (`get_context("spawn")`).
    fn factory_type(&self, q: &str, call: &ast::ExprCall) -> Option<&'m str> {
        let first = match call.arguments.args.first() {
            Some(Expr::StringLiteral(s)) => Some(s.value.to_str()),
            _ => None,
        };
        self.models.factory_with(q, first)
    }

    // ---------------------------------------------------------------- places

    fn type_of(&self, p: &Place) -> Option<Name> {
        match p {
            Place::Field { class, field } => {
                self.note_place_asked(p);
                self.field_type(*class, *field)
            }
            Place::Global(g) => {
                self.note_place_asked(p);
                self.global_types
                    .get(g)
                    .copied()
                    .or_else(|| self.hinted_type(p))
            }
            Place::Local { function, name } => {
                let f = self.frames.iter().rev().find(|f| f.qual == *function)?;
                if let Some(index) = f.params.iter().position(|p| p == name.as_str()) {
                    self.params_asked.borrow_mut().insert((f.qual, index));
                }
                f.local_types.get(name.as_str()).copied()
            }
            Place::Param { function, index } => {
                let f = self.frames.iter().rev().find(|f| f.qual == *function)?;
                self.params_asked
                    .borrow_mut()
                    .insert((f.qual, *index as usize));
                if *index == 0 && f.self_param {
                    return f.class_name;
                }
                f.local_types.get(f.params.get(*index as usize)?).copied()
            }
        }
    }

    /// `getattr(obj, "name")` on an object of a class of the checked code: the place
    /// `obj.name` names (a bound method kept in a local is called later as that method). Also
    /// with a default (`sock = getattr(self, "_sock", None)`, a close that runs before any
    /// open): the local is the field's value when there is one.
    fn getattr_method(&self, c: &ast::ExprCall) -> Option<Place> {
        let args = &c.arguments;
        let ([recv, Expr::StringLiteral(name)] | [recv, Expr::StringLiteral(name), _], []) =
            (&*args.args, &*args.keywords)
        else {
            return None;
        };
        let q = self.qualname_of(&c.func)?;
        if !matches!(q.as_str(), "getattr" | "builtins.getattr") {
            return None;
        }
        let recv = self.place_of(recv)?;
        let class = self.self_class(&recv).or_else(|| self.type_of(&recv))?;
        if self.is_model_type(&class) {
            return None;
        }
        Some(Place::Field {
            class,
            field: Name::new(name.value.to_str()),
        })
    }

    /// The class whose `method` a call on parameter `p` runs, when `p` receives objects of
    /// several classes and only one of them defines it (`TypeHints::param_methods`).
    fn duck_method_class(&self, p: &Place, method: &str) -> Option<Name> {
        let Place::Param { function, index } = p else {
            return None;
        };
        if self.hints.param_methods.is_empty() {
            return None;
        }
        let key = (function.to_string(), *index as usize, method.to_string());
        self.hints.param_methods.get(&key).map(|c| Name::new(c))
    }

    /// A field's type on `class` or, set in a base's methods (`self._lock` made in the base's
    /// `__init__`), on one of its bases of this file.
    fn field_type(&self, class: Name, field: Name) -> Option<Name> {
        self.through_bases(class, 0, &|c| {
            (self.field_types.get(&(c, field)).copied())
                .or_else(|| self.hinted_type(&Place::Field { class: c, field }))
                .map(Some)
        })
    }

    /// Records a lookup of a field's or global's type whose answer a program-wide hint can
    /// change: any place the prepass did not type from this file's own constructors.
    fn note_place_asked(&self, p: &Place) {
        if !self.prepass_typed.contains(p) {
            self.places_asked.borrow_mut().insert(p.clone());
        }
    }

    /// Whether `e` names a global of another module (`pools.EXECUTOR`, or `EXECUTOR` imported
    /// from it) whose type the whole program knows, other than a lock.
    fn typed_module_global(&self, e: &Expr) -> bool {
        if !matches!(e, Expr::Attribute(_) | Expr::Name(_)) {
            return false;
        }
        match self.place_of(e) {
            // Locks keep their lowering by name: `with locks.REGISTRY:` is already a `Hold` of
            // that global.
            Some(g @ Place::Global(_)) => self
                .type_of(&g)
                .is_some_and(|ty| !self.is_lock_type(ty.as_str())),
            _ => false,
        }
    }

    /// The instance class when `p` is a method's `self`/`cls`.
    fn self_class(&self, p: &Place) -> Option<Name> {
        if let Place::Param { function, index: 0 } = p {
            let f = self.frames.iter().rev().find(|f| f.qual == *function)?;
            if f.self_param {
                return f.class_name;
            }
        }
        None
    }

    /// The class `self.__class__` or `type(self)` names: the method's own class.
    fn class_of_object_expr(&self, e: &Expr) -> Option<Name> {
        let object = match e {
            Expr::Attribute(a) if a.attr.as_str() == "__class__" => &*a.value,
            Expr::Call(c)
                if c.arguments.args.len() == 1
                    && c.arguments.keywords.is_empty()
                    && matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "type"
                        && matches!(self.resolve("type"), Res::Builtin(_))) =>
            {
                &c.arguments.args[0]
            }
            _ => return None,
        };
        self.self_class(&self.place_of(object)?)
    }

    /// The class local `name` of frame `frame` was last bound to (`Frame::class_locals`).
    fn class_local(&self, frame: usize, name: &str) -> Option<Name> {
        let locals = &self.frames.get(frame)?.class_locals;
        if locals.is_empty() {
            return None;
        }
        locals.get(name).copied()
    }

    /// The class a value names, when it is a class of the file or the method's own class
    /// (`Terminal`, `type(self)`, `self.__class__`).
    fn class_named(&self, value: &Expr) -> Option<Name> {
        match value {
            Expr::Name(_) | Expr::Attribute(_) => self
                .qualname_here(value)
                .filter(|q| self.class_info.contains_key(q.as_str()))
                .or_else(|| self.class_of_object_expr(value)),
            Expr::Call(_) => self.class_of_object_expr(value),
            _ => None,
        }
    }

    /// Records an access of `place`, attribute `e`, when it is spelled through its class
    /// (`Registry._instance`, `self.__class__._loop`, `type(self)._cache`, `cls._instance`), not
    /// through an object.
    fn note_class_spelled(&mut self, e: &Expr, place: &Place, r: TextRange) {
        let (Expr::Attribute(a), Place::Field { .. }) = (e, place) else {
            return;
        };
        let spelled = match &*a.value {
            // The common case first, and without a lookup.
            Expr::Name(n) if n.id.as_str() == "self" => false,
            Expr::Name(n) if n.id.as_str() == "cls" => true,
            Expr::Name(n) => {
                matches!(self.lookup(n.id.as_str()), Found::Local { frame, .. }
                    if self.class_local(frame, n.id.as_str()).is_some())
                    || self.class_attribute(e)
            }
            other => self.class_of_object_expr(other).is_some() || self.class_attribute(e),
        };
        if spelled {
            let span = self.span(r);
            self.class_spelled.push(span);
        }
    }

    /// The place an expression names, without emitting anything. An attribute that is a
    /// property of a class of the file only returning a field of the object (`@property def
    /// lock(self): return self._lock`) names that field.
    fn place_of(&self, e: &Expr) -> Option<Place> {
        let place = self.place_of_spelled(e)?;
        if let (Expr::Attribute(_), Place::Field { class, field }, true) =
            (e, &place, self.has_property_fields)
        {
            if let Some(f) = self.property_field(class.as_str(), field.as_str()) {
                // A lock of a member (`return self.repository.lock`): each step's class is
                // the type of the field before it. An untyped step, or one of a library type
                // (`return self._size.value` of a `multiprocessing.Value`, whose fields are one
                // place for every object of the type), names the property.
                let mut steps = f.split('.');
                let mut found = Place::Field {
                    class: *class,
                    field: Name::new(steps.next()?),
                };
                let through_member = f.contains('.');
                for step in steps {
                    let Some(ty) = self.type_of(&found).filter(|t| !self.is_model_type(t)) else {
                        return Some(place);
                    };
                    found = Place::Field {
                        class: ty,
                        field: Name::new(step),
                    };
                }
                // Through a member, only a lock: a member's other attributes are typed from
                // what the program's call sites pass, which one object need not share.
                let lock = || self.type_of(&found).is_some_and(|t| self.is_lock_type(&t));
                if through_member && !lock() {
                    return Some(place);
                }
                return Some(found);
            }
        }
        Some(place)
    }

    /// The place an expression names as spelled.
    fn place_of_spelled(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Name(n) => match self.resolve(n.id.as_str()) {
                Res::Local(p) | Res::ClassAttr(p) => Some(p),
                Res::Var(q) | Res::Import(q) => Some(Place::Global(q)),
                Res::Def(..) | Res::Builtin(_) => None,
            },
            Expr::Attribute(a) => {
                let attr = a.attr.as_str();
                let base = match &*a.value {
                    // The name is looked up once (`self.x.y` is resolved from its root at
                    // every step, and this is the lowering's most frequent lookup).
                    Expr::Name(n) => {
                        let id = n.id.as_str();
                        let found = self.lookup(id);
                        if let Found::Local { frame, .. } = found {
                            if let Some(class) = self.class_local(frame, id) {
                                return Some(Place::Field {
                                    class,
                                    field: Name::new(attr),
                                });
                            }
                        }
                        match self.materialize(id, found) {
                            Res::Def(q, true) => {
                                return Some(Place::Field {
                                    class: q,
                                    field: Name::new(attr),
                                })
                            }
                            Res::Import(q) => {
                                return Some(if self.is_class_like(&q) {
                                    Place::Field {
                                        class: q,
                                        field: Name::new(attr),
                                    }
                                } else {
                                    Place::Global(self.join(&q, attr))
                                })
                            }
                            Res::Def(..) | Res::Builtin(_) => return None,
                            Res::Local(p) | Res::ClassAttr(p) => p,
                            Res::Var(q) => Place::Global(q),
                        }
                    }
                    value => {
                        if let Some(class) = self.class_of_object_expr(value) {
                            return Some(Place::Field {
                                class,
                                field: Name::new(attr),
                            });
                        }
                        self.place_of(value)?
                    }
                };
                if let Some(class) = self.self_class(&base).or_else(|| self.type_of(&base)) {
                    return Some(Place::Field {
                        class,
                        field: Name::new(attr),
                    });
                }
                match base {
                    Place::Field { class, field } => Some(Place::Field {
                        class,
                        field: self.join(&field, attr),
                    }),
                    Place::Global(g) => Some(Place::Global(self.join(&g, attr))),
                    _ => None,
                }
            }
            Expr::Subscript(s) => self.place_of(&s.value),
            _ => None,
        }
    }

    /// The object a lock expression is a field of (`other` in `other.lock`).
    fn owner_of(&self, lock: &Expr) -> Option<Place> {
        let Expr::Attribute(a) = lock else {
            return None;
        };
        self.place_of(&a.value)
            .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. }))
    }

    /// `id(a) < id(b)`, `a.key >= b.key`: records that two objects are ordered against each
    /// other, so nesting their locks may follow that order.
    fn ordering(&mut self, c: &ast::ExprCompare) {
        let mut left = &*c.left;
        for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
            let ordered = matches!(
                op,
                ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE
            );
            if ordered {
                if let (Some(l), Some(r)) = (self.ordered_root(left), self.ordered_root(right)) {
                    if l != r {
                        let span = self.span(c.range);
                        self.emit(Event::Compare {
                            left: l,
                            right: r,
                            span,
                        });
                    }
                }
            }
            left = right;
        }
    }

    /// The local object a compared expression is about: `a` in `a`, `a.key`, `id(a)`,
    /// `a.sort_key()`, `a[0]`.
    fn ordered_root(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Name(_) => self
                .place_of(e)
                .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. })),
            Expr::Attribute(a) => self.ordered_root(&a.value),
            Expr::Subscript(s) => self.ordered_root(&s.value),
            Expr::Call(c) => match (&*c.func, c.arguments.args.as_ref()) {
                (_, [arg]) => self.ordered_root(arg),
                (Expr::Attribute(a), []) => self.ordered_root(&a.value),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether accesses to `p` are worth recording: shared state, not every local.
    fn is_shared(&self, e: &Expr, p: &Place) -> bool {
        match p {
            Place::Field { .. } => true,
            Place::Global(_) => match e {
                Expr::Name(n) => matches!(self.lookup(n.id.as_str()), Found::Var(_)),
                _ => true,
            },
            Place::Local { .. } | Place::Param { .. } => match e {
                Expr::Name(n) => matches!(
                    self.lookup(n.id.as_str()),
                    Found::Local { shared: true, .. }
                ),
                _ => false,
            },
        }
    }

    /// A field's or global's type the whole program learned (`TypeHints::places`), once the
    /// prepass is over; never for a field the file itself constructs with two types.
    fn hinted_type(&self, p: &Place) -> Option<Name> {
        if !self.place_hints_on
            || (self.hints.places.is_empty() && self.hints.guessed_places.is_empty())
        {
            return None;
        }
        if let Place::Field { class, field } = p {
            if self.ambiguous_fields.contains(&(*class, *field)) {
                return None;
            }
        }
        (self.hints.places.get(p))
            .or_else(|| self.hints.guessed_places.get(p))
            .map(|t| Name::new(t))
    }

    /// Types a place unless it already has a type: the file's own, or a program-wide hint.
    fn set_type(&mut self, p: &Place, ty: Name) {
        match p {
            Place::Field { class, field } => {
                if !self.ambiguous_fields.contains(&(*class, *field))
                    && self.hinted_type(p).is_none()
                {
                    // A lock replaces a stand-in class the prepass found (`lock_or_stand_in`).
                    let known = self.field_types.get(&(*class, *field)).copied();
                    match known {
                        None => {
                            self.field_types.insert((*class, *field), ty);
                        }
                        Some(k) if k != ty && self.lock_or_stand_in(k, ty) == Some(ty) => {
                            self.field_types.insert((*class, *field), ty);
                        }
                        Some(_) => {}
                    }
                }
            }
            Place::Global(g) => {
                if self.hinted_type(p).is_none() {
                    self.global_types.entry(*g).or_insert(ty);
                }
            }
            Place::Local { function, name } => {
                if let Some(f) = self.frames.iter_mut().rev().find(|f| f.qual == *function) {
                    f.local_types.insert(name.as_str().to_owned(), ty);
                }
            }
            Place::Param { .. } => {}
        }
    }

    // ---------------------------------------------------------------- statements

    fn stmt(&mut self, s: &'m Stmt) {
        if self.keeps_current_task(s) {
            let qual = self.frame().qual;
            if !self.self_kept_tasks.contains(&qual) {
                self.self_kept_tasks.push(qual);
            }
        }
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                    self.return_decl(v);
                    if let Some(container) = self.live_view_of(v) {
                        let span = self.span(r.range);
                        self.escaping_views.push((span, container));
                    }
                    // `return x`: the value leaves through the return slot (a keyword, so no
                    // local can share its name).
                    let parts: &[Expr] = match &**v {
                        Expr::Tuple(t) => &t.elts,
                        Expr::List(l) => &l.elts,
                        other => std::slice::from_ref(other),
                    };
                    for part in parts {
                        // `return wrapper`, a function defined in this one: callers get it.
                        let value = self.nested_def(part).map(Place::Global).or_else(|| {
                            self.place_of(part)
                                .filter(|p| matches!(p, Place::Local { .. } | Place::Param { .. }))
                        });
                        if let Some(from) = value {
                            let target = Place::Local {
                                function: self.frame().qual,
                                name: "return".into(),
                            };
                            let rhs = self.span(part.range());
                            let span = self.span(r.range);
                            self.emit(Event::Bind {
                                target,
                                value: Some(from),
                                constant: None,
                                rhs,
                                span,
                            });
                        }
                    }
                }
                let span = self.span(r.range);
                self.out.push(IrStmt::Return(span));
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.deleting = true;
                    self.store(t, AccessKind::Write, None);
                    self.deleting = false;
                    if let Expr::Subscript(sub) = t {
                        self.dunder_call(&sub.value, "__delitem__", sub.range);
                    }
                }
            }
            Stmt::TypeAlias(_) | Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::IpyEscapeCommand(_) => {}
            Stmt::Assign(a) => self.assign(&a.targets, &a.value, a.range),
            Stmt::AnnAssign(a) => {
                let start = self.out.len();
                if let Some(v) = &a.value {
                    self.assign(std::slice::from_ref(&*a.target), v, a.range);
                }
                if let (Expr::Name(_), Some(ty)) = (&*a.target, self.qualname_of(&a.annotation)) {
                    if self.is_class_like(&ty) {
                        if let Some(p @ Place::Local { .. }) = self.place_of(&a.target) {
                            // `f: typing.TextIO = open(path)`, `fut: Future = pool.submit(..)`:
                            // the open or spawn says more than the protocol named (its close,
                            // its join, its methods); keep the value's view.
                            let opened = self.out[start..].iter().any(|st| {
                                matches!(st, IrStmt::Event(Event::Open { resource: Some(r), .. }
                                    | Event::Spawn { handle: Some(r), .. }) if *r == p)
                            });
                            if !opened {
                                self.set_type(&p, ty);
                            }
                        }
                    }
                }
            }
            Stmt::AugAssign(a) => {
                // `threads += [Thread(..) for ..]`: the list grows by those elements.
                let grows = a.op == ast::Operator::Add
                    && matches!(&*a.value, Expr::ListComp(_) | Expr::List(_));
                let dest = self.place_of(&a.target).filter(|_| grows);
                match dest {
                    Some(dest) => {
                        self.value_into(&a.value, Some(&dest));
                    }
                    None => self.expr(&a.value),
                }
                self.store(&a.target, AccessKind::ReadModifyWrite, None);
            }
            Stmt::For(f) => {
                let mut cond = self.expr_block(&f.iter);
                self.note_iteration(&f.iter, &mut cond);
                // `async for` awaits `__anext__` at each turn.
                if f.is_async {
                    cond.push(IrStmt::Event(Event::Await {
                        span: self.span(f.iter.range()),
                    }));
                }
                // `for line in stream:` over a parameter reads what the caller passed: a
                // function iterating a file it is given borrows it.
                if let Some(param @ Place::Param { .. }) = match &*f.iter {
                    Expr::Name(_) => self.place_of(&f.iter),
                    _ => None,
                } {
                    cond.push(IrStmt::Event(Event::Access {
                        place: param,
                        kind: AccessKind::Read,
                        atomic: Atomicity::Plain,
                        span: self.span(f.iter.range()),
                    }));
                }
                // `for doc in docs:` over an object of a class of the checked code runs its
                // `__iter__` (`__aiter__` for `async for`).
                if let Some((class, place)) = self
                    .place_of(&f.iter)
                    .and_then(|p| Some((self.type_of(&p)?, p)))
                    .filter(|(ty, _)| {
                        !self.is_model_type(ty.as_str())
                            && self.class_info.contains_key(ty.as_str())
                    })
                {
                    let method = if f.is_async { "__aiter__" } else { "__iter__" };
                    cond.push(IrStmt::Event(Event::Call {
                        callee: Callee::Method {
                            class,
                            method: Name::new(method),
                        },
                        args: ThinVec::new(),
                        kwargs: ThinVec::new(),
                        receiver: Some(place),
                        span: self.span(f.iter.range()),
                    }));
                }
                let saved = std::mem::take(&mut self.out);
                self.store(&f.target, AccessKind::Write, None);
                // `for t in threads:` — `t` is an element of `threads` (or of `workers +
                // [monitor]`).
                if let (Some(kinds), Some(t)) =
                    (self.iterated_elements(&f.iter), self.place_of(&f.target))
                {
                    self.alternatives.remove(&t);
                    self.started_once.remove(&t);
                    // A loop over a container of threads or processes built here or in a
                    // field (`self._threads = [Thread(..), ..]`): its variable is one of them,
                    // started or joined (`ModuleFacts::element_handles`).
                    if kinds
                        .as_deref()
                        .is_some_and(|k| k.iter().any(|k| k.pending.is_some()))
                    {
                        let containers: Vec<Place> = self.iterated_places(&f.iter).collect();
                        for c in containers {
                            self.element_handles.push((t.clone(), c));
                        }
                    }
                    match kinds.as_deref() {
                        Some([one]) => {
                            if let Some(ty) = &one.ty {
                                self.set_type(&t, Name::new(ty));
                            }
                            if let Some(p) = &one.pending {
                                self.pending.insert(t.clone(), p.clone());
                                if one.once {
                                    self.started_once.insert(t.clone());
                                }
                            }
                        }
                        Some(kinds @ [first, ..]) => {
                            if let Some(ty) = first
                                .ty
                                .as_ref()
                                .filter(|ty| kinds.iter().all(|k| k.ty.as_ref() == Some(*ty)))
                            {
                                self.set_type(&t, Name::new(ty));
                            }
                            let alternatives: Vec<(Pending, bool)> = kinds
                                .iter()
                                .filter_map(|k| Some((k.pending.clone()?, k.once)))
                                .collect();
                            if let Some((p, _)) = alternatives.first() {
                                self.pending.insert(t.clone(), p.clone());
                            }
                            if alternatives.len() > 1 {
                                self.alternatives.insert(t.clone(), alternatives);
                            }
                        }
                        _ => {}
                    }
                    let kept: Vec<Place> = self
                        .iterated_places(&f.iter)
                        .filter(|c| self.spawned.contains(c))
                        .collect();
                    if !kept.is_empty() {
                        for c in kept {
                            self.element_handles.push((t.clone(), c));
                        }
                        self.spawned.insert(t);
                    }
                }
                self.iterate_handles(&f.iter);
                cond.append(&mut self.out);
                self.out = saved;
                // `for name, listener in sorted(self.listeners.items()):` binds the values.
                let (target, iter) = match (&*f.target, items_of(&f.iter)) {
                    (Expr::Tuple(t), Some(iter)) if t.elts.len() == 2 => (&t.elts[1], iter),
                    _ => (&*f.target, &*f.iter),
                };
                let element = match (target, self.iterated_field(iter)) {
                    (Expr::Name(_), Some(field)) => self
                        .place_of(target)
                        .map(|t| (t, field))
                        .filter(|(t, _)| matches!(t, Place::Local { .. })),
                    _ => None,
                };
                if let Some((t, field)) = &element {
                    self.elements_of_fields.insert(t.clone(), *field);
                    // Elements of one class of the file: the loop variable is one of them.
                    if let Some(ty) = self.element_type(field) {
                        self.set_type(t, ty);
                    }
                }
                let container = match (&*f.target, &*f.iter) {
                    (Expr::Name(_), Expr::Name(_)) => self
                        .place_of(&f.iter)
                        .filter(|c| matches!(c, Place::Local { .. }))
                        .zip(self.place_of(&f.target)),
                    _ => None,
                };
                if let Some((c, t)) = &container {
                    self.loop_containers.insert(t.clone(), c.clone());
                }
                self.loop_depth += 1;
                let body = self.block(&f.body);
                self.loop_depth -= 1;
                if let Some((_, t)) = &container {
                    self.loop_containers.remove(t);
                }
                if let Some((t, _)) = &element {
                    self.elements_of_fields.remove(t);
                }
                let span = self.span(f.range);
                self.note_loop_targets(span, &f.target);
                self.push_loop(cond, body, false, span, &f.body, &f.orelse);
            }
            Stmt::While(w) => {
                let cond = self.expr_block(&w.test);
                let Some(cond) = self.while_not_acquired(w, cond) else {
                    return;
                };
                self.loop_depth += 1;
                let depth = self.frame().nonempty.len();
                let mut tested = Vec::new();
                Self::nonempty_tests(&w.test, &mut tested);
                self.frames.last_mut().unwrap().nonempty.extend(tested);
                let body = self.block(&w.body);
                self.frames.last_mut().unwrap().nonempty.truncate(depth);
                self.loop_depth -= 1;
                let span = self.span(w.range);
                // `while True:` / `while 1:`: left only by break, return or raise.
                let infinite = match &*w.test {
                    Expr::BooleanLiteral(b) => b.value,
                    Expr::NumberLiteral(n) => {
                        matches!(&n.value, ast::Number::Int(i) if i.as_u64() != Some(0))
                    }
                    _ => false,
                };
                // `while q.empty(): await asyncio.sleep(0)` with no `break`: the loop ends only
                // once `q` has an item, so a `q.get()` after it finds one at once.
                if let Some(tested) = Self::emptiness_test(&w.test) {
                    if !breaks_out(&w.body) {
                        self.frames.last_mut().unwrap().nonempty.push(tested);
                    }
                }
                self.push_loop(cond, body, infinite, span, &w.body, &w.orelse);
            }
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => {
                // `with contextlib.suppress(BlockingIOError):` expects its body's socket calls
                // to raise instead of waiting, as `except BlockingIOError:` does.
                let nonblocking = w
                    .items
                    .iter()
                    .any(|i| self.suppresses_would_block(&i.context_expr));
                self.nonblocking_try += u32::from(nonblocking);
                self.with_items(&w.items, &w.body, w.is_async);
                self.nonblocking_try -= u32::from(nonblocking);
            }
            Stmt::Match(m) => {
                let cond = self.expr_block(&m.subject);
                let mut arms = Vec::with_capacity(m.cases.len() + 1);
                let mut exhaustive = false;
                for c in &m.cases {
                    let saved = std::mem::take(&mut self.out);
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    for s in &c.body {
                        self.stmt(s);
                    }
                    arms.push(std::mem::replace(&mut self.out, saved));
                    exhaustive |= c.guard.is_none() && c.pattern.is_irrefutable();
                }
                if !exhaustive {
                    arms.push(Vec::new());
                }
                let span = self.span(m.range);
                self.out.push(IrStmt::Branch {
                    cond: cond.into(),
                    arms: arms.into(),
                    span,
                });
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(e) = &r.cause {
                    self.expr(e);
                }
                let span = self.span(r.range);
                self.out.push(IrStmt::Raise(span));
            }
            Stmt::Try(t) => {
                let nonblocking = t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    h.type_.as_deref().is_some_and(catches_would_block)
                });
                self.nonblocking_try += u32::from(nonblocking);
                let body = self.block(&t.body);
                self.nonblocking_try -= u32::from(nonblocking);
                let mut handlers = Vec::with_capacity(t.handlers.len());
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let saved = std::mem::take(&mut self.out);
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    for s in &h.body {
                        self.stmt(s);
                    }
                    handlers.push(std::mem::replace(&mut self.out, saved));
                }
                let orelse = self.block(&t.orelse);
                let finally = self.block(&t.finalbody);
                let span = self.span(t.range);
                let lets_os_errors_out = !t.handlers.is_empty()
                    && t.handlers.iter().all(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        h.type_.as_deref().is_some_and(misses_os_errors)
                    });
                self.out.push(IrStmt::Try {
                    body: body.into(),
                    handlers: handlers.into(),
                    orelse: orelse.into(),
                    finally: finally.into(),
                    lets_os_errors_out,
                    span,
                });
            }
            Stmt::Assert(a) => {
                if let Some((spelled, false)) = self.coroutine_function_test(&a.test) {
                    self.frames.last_mut().unwrap().sync_checked.push(spelled);
                }
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let full = a.name.to_string();
                    self.import_fact(full.clone(), i.range);
                    if let Some(as_) = &a.asname {
                        self.module_alias(as_.as_str(), full);
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let Some(base) = self
                    .path
                    .resolve_from(i.level, i.module.as_ref().map(|m| m.as_str()))
                else {
                    return;
                };
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        self.import_fact(base.clone(), i.range);
                        self.module_alias("*", format!("{base}.*"));
                        continue;
                    }
                    let full = dotted(&base, &a.name);
                    self.import_fact(full.clone(), i.range);
                    let local = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    self.module_alias(local, full);
                }
            }
            Stmt::Expr(e) => match &*e.value {
                Expr::Call(c) => {
                    let span = self.span(c.range());
                    let before = self.out.len();
                    self.call(c, None, false);
                    // Only a call knot can name may make a coroutine it knows of.
                    let named = self.out[before..].iter().any(|s| match s {
                        IrStmt::Event(Event::Call {
                            span: at, callee, ..
                        }) => *at == span && !matches!(callee, Callee::Dynamic { .. }),
                        IrStmt::Event(Event::MethodCall { span: at, .. }) => *at == span,
                        // A resource opened and dropped at once (KN401).
                        IrStmt::Event(Event::Open { span: at, .. }) => *at == span,
                        IrStmt::Event(Event::Acquire(lock)) => {
                            lock.span == span && lock.is_async && lock.blocking
                        }
                        _ => false,
                    });
                    if !self.frame().sync_checked.is_empty()
                        && spelled_callable(&c.func)
                            .is_some_and(|f| self.frame().sync_checked.contains(&f))
                    {
                        self.sync_checked_calls.push(span);
                    }
                    if named {
                        self.discarded_calls.push(span);
                        self.note_call_shape(&c.arguments, span);
                    }
                }
                // A context manager's `yield`: the caller's `with` body runs here, and what it
                // raises is raised here (a call that may raise, of no function of the program).
                Expr::Yield(y) if self.frame().lends_at_yield => {
                    if let Some(v) = &y.value {
                        self.expr(v);
                    }
                    let span = self.span(y.range);
                    self.emit(Event::Call {
                        callee: Callee::Path(Name::new(crate::ir::WITH_BODY)),
                        args: ThinVec::new(),
                        kwargs: ThinVec::new(),
                        receiver: None,
                        span,
                    });
                }
                v => self.expr(v),
            },
            Stmt::Break(b) => {
                let span = self.span(b.range);
                self.out.push(IrStmt::Break(span));
            }
            Stmt::Continue(b) => {
                let span = self.span(b.range);
                self.out.push(IrStmt::Continue(span));
            }
        }
    }

    fn import_fact(&mut self, name: String, r: TextRange) {
        let top_level = self.frame().kind == FrameKind::Module;
        let span = self.span(r);
        self.imports.push(ImportFact {
            name,
            span,
            top_level,
        });
    }

    fn module_alias(&mut self, local: &str, target: String) {
        if self.frame().kind == FrameKind::Module && self.class_body.is_none() {
            let local = dotted(&self.modname, local);
            if local != target {
                self.aliases.push((local, target));
            }
        }
    }

    /// The value a branch test always has: a module flag (`_IS_SYNC`, `not _IS_SYNC`) or
    /// `typing.TYPE_CHECKING` (false when the code runs).
    fn constant_test(&self, test: &Expr) -> Option<bool> {
        match test {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.constant_test(&u.operand).map(|b| !b)
            }
            // `if True:  # ASYNC` in code generated from one template for sync and async.
            Expr::BooleanLiteral(b) => Some(b.value),
            // `if _IS_SYNC and connect:`: one constant operand can decide the whole test.
            Expr::BoolOp(b) => {
                let decisive = b.op == ast::BoolOp::Or;
                let values: Vec<Option<bool>> =
                    b.values.iter().map(|v| self.constant_test(v)).collect();
                if values.contains(&Some(decisive)) {
                    Some(decisive)
                } else if values.iter().all(|v| *v == Some(!decisive)) {
                    Some(!decisive)
                } else {
                    None
                }
            }
            Expr::Name(n) if matches!(self.lookup(n.id.as_str()), Found::Var(_)) => {
                self.flags.get(n.id.as_str()).copied()
            }
            // Resolving a name costs an allocation; only one spelled `TYPE_CHECKING` can be it.
            Expr::Name(n) if n.id.as_str() != "TYPE_CHECKING" => None,
            Expr::Attribute(a) if a.attr.as_str() != "TYPE_CHECKING" => None,
            Expr::Name(_) | Expr::Attribute(_) => (self.qualname_here(test).as_deref()
                == Some("typing.TYPE_CHECKING"))
            .then_some(false),
            _ => None,
        }
    }

    fn if_stmt(&mut self, i: &'m ast::StmtIf) {
        self.if_chain(&i.test, &i.body, &i.elif_else_clauses, i.range);
    }

    /// An `if` statement, or the rest of one from an `elif` on: `test`, `body`, then `clauses`.
    fn if_chain(
        &mut self,
        test: &'m Expr,
        body: &'m [Stmt],
        clauses: &'m [ast::ElifElseClause],
        range: TextRange,
    ) {
        // A test with a constant value: only the arm it picks runs, so only that one is
        // lowered (`if not _IS_SYNC:` in generated sync code, `if TYPE_CHECKING:`).
        if let Some(live) = self.constant_test(test) {
            if live {
                for s in body {
                    self.stmt(s);
                }
                return;
            }
            let Some((first, rest)) = clauses.split_first() else {
                return;
            };
            match &first.test {
                None => {
                    for s in &first.body {
                        self.stmt(s);
                    }
                }
                Some(t) => self.if_chain(t, &first.body, rest, first.range),
            }
            return;
        }
        if self.frame().kind == FrameKind::Module
            && self.class_body.is_none()
            && self.main_guard.is_none()
            && is_main_guard(test)
        {
            self.main_guard = Some(self.span(range));
        }
        let mut cond = self.expr_block(test);
        cond.extend(self.presence_test(test));
        // `if not iscoroutinefunction(f):` calls `f` as a plain function in its body, `if
        // iscoroutinefunction(f): .. else:` in its `else`.
        let checked = self.coroutine_function_test(test);
        let depth = self.frame().sync_checked.len();
        if let Some((spelled, false)) = &checked {
            self.frames
                .last_mut()
                .unwrap()
                .sync_checked
                .push(spelled.clone());
        }
        let nonempty_depth = self.frame().nonempty.len();
        let mut tested = Vec::new();
        Self::nonempty_tests(test, &mut tested);
        self.frames.last_mut().unwrap().nonempty.extend(tested);
        let bound_before = self.frame().bound_from.clone();
        let mut body_bound = Vec::new();
        let mut arms = vec![self.block(body)];
        self.arm_bound_from(body, &bound_before, &mut body_bound);
        self.frames
            .last_mut()
            .unwrap()
            .nonempty
            .truncate(nonempty_depth);
        self.frames.last_mut().unwrap().sync_checked.truncate(depth);
        if let (Some((spelled, true)), [ast::ElifElseClause { test: None, .. }]) =
            (&checked, clauses)
        {
            self.frames
                .last_mut()
                .unwrap()
                .sync_checked
                .push(spelled.clone());
        }
        // `if isinstance(resp, AsyncResponse): .. else:` — past the test, `resp` is no
        // `AsyncResponse`, whatever its annotation said: its type is forgotten there.
        let not_instance = self.isinstance_of_typed_local(test);
        if let Some((name, _)) = &not_instance {
            self.frames.last_mut().unwrap().local_types.remove(name);
        }
        // `elif` chains nest: the test of each `elif` runs only when the previous ones failed.
        let mut rest: Vec<IrStmt> = Vec::new();
        let mut clauses_bound = Vec::new();
        // Without an `else`, the test failing goes on with the bindings from before.
        let mut otherwise_skips = true;
        for clause in clauses.iter().rev() {
            // An `elif` whose test is constant: either it is never reached past, or it is
            // never taken.
            match clause.test.as_ref().and_then(|t| self.constant_test(t)) {
                Some(true) => {
                    rest = self.block(&clause.body);
                    clauses_bound.clear();
                    self.arm_bound_from(&clause.body, &bound_before, &mut clauses_bound);
                    otherwise_skips = false;
                    continue;
                }
                Some(false) => continue,
                None => {}
            }
            let body = self.block(&clause.body);
            self.arm_bound_from(&clause.body, &bound_before, &mut clauses_bound);
            if clause.test.is_none() {
                otherwise_skips = false;
            }
            match &clause.test {
                None => {
                    rest = body;
                }
                Some(t) => {
                    let mut c = self.expr_block(t);
                    c.extend(self.presence_test(t));
                    let span = self.span(clause.range);
                    rest = vec![IrStmt::Branch {
                        cond: c.into(),
                        arms: thin_vec::thin_vec![body, std::mem::take(&mut rest)],
                        span,
                    }];
                }
            }
        }
        self.frames.last_mut().unwrap().sync_checked.truncate(depth);
        // The arm that skips goes first, so a binding made in some arm wins over the one before.
        let mut outcomes = Vec::new();
        if otherwise_skips {
            outcomes.push(bound_before.clone());
        }
        outcomes.extend(body_bound);
        outcomes.extend(clauses_bound);
        self.join_bound_from(bound_before, outcomes);
        if let Some((name, ty)) = not_instance {
            let f = self.frames.last_mut().unwrap();
            f.local_types.entry(name).or_insert(ty);
        }
        arms.push(rest);
        // `if not lock.acquire(False):` takes the lock where the test fails: analyses hold a
        // tested try-acquire in the first arm, so the arms go in the order success, failure.
        if matches!(test, Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not && matches!(&*u.operand, Expr::Call(_)))
            && cond
                .iter()
                .any(|st| matches!(st, IrStmt::Event(Event::Acquire(l)) if !l.blocking))
        {
            arms.swap(0, 1);
        }
        let span = self.span(range);
        for (arm, container) in container_nonempty_arms(test) {
            if let Some(place) = self.place_of(container) {
                self.nonempty_arms.push((span, arm, place));
            }
        }
        if let Some((param, arms)) = self.param_test(test) {
            self.param_tests.push(crate::ir::ParamTest {
                branch: span,
                param,
                arms,
            });
        }
        self.out.push(IrStmt::Branch {
            cond: cond.into(),
            arms: arms.into(),
            span,
        });
    }

    /// After an arm of a branch: what its locals stand for, when it falls through to the code
    /// after the branch, and `before` back for the next arm.
    fn arm_bound_from(
        &mut self,
        arm: &[Stmt],
        before: &HashMap<Place, Place>,
        outcomes: &mut Vec<HashMap<Place, Place>>,
    ) {
        let after = std::mem::replace(&mut self.frame_mut().bound_from, before.clone());
        if falls_through(arm) {
            outcomes.push(after);
        }
    }

    /// Past a branch, a local stands for a lock only when every arm reaching that point left it
    /// standing for that lock: `lock = contextlib.nullcontext()` in one arm and `lock =
    /// self._lock` in the other takes the lock only sometimes (a caller already holding it
    /// picks the stand-in), so the local is no longer that lock. Any other value a local stands
    /// for in some arm it may stand for past the branch (a thread joined through the local).
    fn join_bound_from(
        &mut self,
        before: HashMap<Place, Place>,
        outcomes: Vec<HashMap<Place, Place>>,
    ) {
        if outcomes.is_empty() {
            // No arm falls through: what follows is not reached from here.
            self.frame_mut().bound_from = before;
            return;
        }
        let mut joined: HashMap<Place, Place> = HashMap::default();
        for outcome in &outcomes {
            joined.extend(outcome.iter().map(|(l, f)| (l.clone(), f.clone())));
        }
        let sometimes_lock: Vec<Place> = joined
            .iter()
            .filter(|(local, from)| {
                outcomes.iter().any(|o| o.get(*local) != Some(*from))
                    && self.type_of(from).is_some_and(|t| self.is_lock_type(&t))
            })
            .map(|(local, _)| local.clone())
            .collect();
        for local in sometimes_lock {
            joined.remove(&local);
        }
        self.frame_mut().bound_from = joined;
    }

    /// A test of whether a callable is a coroutine function (`inspect.iscoroutinefunction(f)`,
    /// `asyncio.iscoroutinefunction(self.close)`): the callable as spelled (a name or an
    /// attribute chain), and whether the test holds when it is one (`false` under `not`).
    fn coroutine_function_test(&self, test: &Expr) -> Option<(String, bool)> {
        match test {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self
                .coroutine_function_test(&u.operand)
                .map(|(spelled, holds)| (spelled, !holds)),
            Expr::Call(c) if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() => {
                let q = self.qualname_of(&c.func)?;
                if !matches!(
                    q.as_str(),
                    "inspect.iscoroutinefunction" | "asyncio.iscoroutinefunction"
                ) {
                    return None;
                }
                Some((spelled_callable(&c.arguments.args[0])?, true))
            }
            _ => None,
        }
    }

    /// A test `isinstance(x, C)` (or `C` among a tuple of classes) of a local or parameter `x`
    /// that lowering types as `C`: the name and that type.
    fn isinstance_of_typed_local(&self, test: &Expr) -> Option<(String, Name)> {
        let Expr::Call(c) = test else { return None };
        let Expr::Name(f) = &*c.func else { return None };
        if f.id.as_str() != "isinstance" || !matches!(self.lookup("isinstance"), Found::Builtin) {
            return None;
        }
        let [Expr::Name(x), classes] = &c.arguments.args[..] else {
            return None;
        };
        let ty = *self.frame().local_types.get(x.id.as_str())?;
        let names = match classes {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        names
            .into_iter()
            .any(|k| self.qualname_of(k) == Some(ty))
            .then(|| (x.id.to_string(), ty))
    }

    /// `contextlib.suppress(..)` of an exception a non-blocking socket raises instead of
    /// waiting (`suppress(BlockingIOError)`).
    fn suppresses_would_block(&self, e: &Expr) -> bool {
        let Expr::Call(c) = e else {
            return false;
        };
        c.arguments.args.iter().any(catches_would_block)
            && self
                .qualname_of(&c.func)
                .is_some_and(|q| q.as_str() == "contextlib.suppress")
    }

    /// The receivers an `if` or `while` test finds in the state a blocking model's
    /// `unless_tested` methods name where it holds, with the method that tested each: not empty
    /// (`not q.empty()`, `q.qsize()`, `q.qsize() > 0`), a loop not running (`not
    /// loop.is_running()`), a process that has exited (`p.poll() is not None`); each operand of
    /// an `and`; spelled as names and attributes.
    fn nonempty_tests(test: &Expr, out: &mut Vec<(String, String)>) {
        // Methods whose false answer is the state: tested under `not`.
        const NEGATED: [&str; 2] = ["empty", "is_running"];
        match test {
            Expr::BoolOp(b) if b.op == ast::BoolOp::And => {
                for v in &b.values {
                    Self::nonempty_tests(v, out);
                }
            }
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(c.ops[0], ast::CmpOp::IsNot)
                    && c.comparators[0].is_none_literal_expr() =>
            {
                out.extend(no_arg_method_call(&c.left));
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                if let Some((recv, method)) = no_arg_method_call(&u.operand) {
                    if NEGATED.contains(&method.as_str()) {
                        out.push((recv, method));
                    }
                }
            }
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(c.ops[0], ast::CmpOp::Gt | ast::CmpOp::NotEq)
                    && matches!(&c.comparators[0], Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0))) =>
            {
                if let Some((recv, method)) = no_arg_method_call(&c.left) {
                    if !NEGATED.contains(&method.as_str()) {
                        out.push((recv, method));
                    }
                }
            }
            e => {
                if let Some((recv, method)) = no_arg_method_call(e) {
                    if !NEGATED.contains(&method.as_str()) {
                        out.push((recv, method));
                    }
                }
            }
        }
    }

    /// The receiver a `while` test finds empty, with the method testing it (`q.empty()`,
    /// `not q.qsize()`, `q.qsize() == 0`), or still running (`p.poll() is None`): past a loop
    /// on it that has no `break`, it is not.
    fn emptiness_test(test: &Expr) -> Option<(String, String)> {
        match test {
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(c.ops[0], ast::CmpOp::Is)
                    && c.comparators[0].is_none_literal_expr() =>
            {
                no_arg_method_call(&c.left)
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                no_arg_method_call(&u.operand).filter(|(_, m)| m != "empty")
            }
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(c.ops[0], ast::CmpOp::Eq)
                    && matches!(&c.comparators[0], Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0))) =>
            {
                no_arg_method_call(&c.left).filter(|(_, m)| m != "empty")
            }
            e => no_arg_method_call(e).filter(|(_, m)| m == "empty"),
        }
    }

    /// Records the parameters of `function` whose default is `True`, `False` or `None`
    /// (`param_defaults`), indexed as `names::param_names` lists them.
    fn note_param_defaults(&mut self, function: &str, p: &ast::Parameters) {
        let positional = p.posonlyargs.iter().chain(p.args.iter());
        let skip = p.posonlyargs.len() + p.args.len() + usize::from(p.vararg.is_some());
        let numbered = positional
            .enumerate()
            .chain(p.kwonlyargs.iter().enumerate().map(|(i, a)| (skip + i, a)));
        for (i, a) in numbered {
            let constant = match a.default.as_deref() {
                Some(Expr::BooleanLiteral(b)) if b.value => crate::ir::Constant::True,
                Some(Expr::BooleanLiteral(_)) => crate::ir::Constant::False,
                Some(Expr::NoneLiteral(_)) => crate::ir::Constant::None,
                _ => continue,
            };
            self.param_defaults
                .push((Name::new(function), i as u32, constant));
        }
    }

    /// Records what arguments a call passes (`call_shapes`), once per call.
    fn note_call_shape(&mut self, args: &ast::Arguments, span: Span) {
        if self.call_shapes.last().is_some_and(|(at, _)| *at == span) {
            return;
        }
        self.call_shapes.push((
            span,
            crate::ir::CallShape {
                positional: args.args.len() as u32,
                keywords: (args.keywords.iter())
                    .filter_map(|k| k.arg.as_ref())
                    .map(|a| Name::new(a.as_str()))
                    .collect(),
                unpacks: args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
                    || args.keywords.iter().any(|k| k.arg.is_none()),
            },
        ));
    }

    /// A statement storing the task that runs the function in a field or global: an argument
    /// of a method called on one (`self.tasks.add(asyncio.current_task())`,
    /// `_running.append(current_task())`), or the value assigned to one or to a key of one
    /// (`self._task = asyncio.current_task()`, `self._workers[name] = current_task()`).
    fn keeps_current_task(&self, s: &Stmt) -> bool {
        let current = |e: &Expr| {
            matches!(e, Expr::Call(c) if self.qualname_of(&c.func).is_some_and(|q| {
                matches!(q.as_str(), "asyncio.current_task" | "asyncio.tasks.current_task")
            }))
        };
        let shared = |e: &Expr| {
            let base = match e {
                Expr::Subscript(sub) => &*sub.value,
                other => other,
            };
            matches!(
                self.place_of(base),
                Some(Place::Field { .. } | Place::Global(_))
            )
        };
        match s {
            Stmt::Assign(a) => current(&a.value) && a.targets.iter().any(shared),
            Stmt::Expr(e) => matches!(&*e.value, Expr::Call(c)
                if matches!(&*c.func, Expr::Attribute(a) if shared(&a.value))
                    && c.arguments.args.iter().any(current)),
            _ => false,
        }
    }

    /// Records the literal `True`, `False` and `None` arguments of a call (`constant_args`), and
    /// what it passes (`call_shapes`).
    fn note_constant_args(&mut self, c: &ast::ExprCall, span: Span) {
        let constant = |e: &Expr| match e {
            Expr::BooleanLiteral(b) if b.value => Some(crate::ir::Constant::True),
            Expr::BooleanLiteral(_) => Some(crate::ir::Constant::False),
            Expr::NoneLiteral(_) => Some(crate::ir::Constant::None),
            _ => None,
        };
        let mut found = Vec::new();
        for (i, a) in c.arguments.args.iter().enumerate() {
            if let Some(k) = constant(a) {
                found.push((crate::ir::ArgKey::Position(i as u32), k));
            }
        }
        for k in c.arguments.keywords.iter() {
            if let (Some(name), Some(v)) = (&k.arg, constant(&k.value)) {
                found.push((crate::ir::ArgKey::Keyword(Name::new(name.as_str())), v));
            }
        }
        // What a call leaves to the callee's defaults decides branches too
        // (`_setup(load_settings=False)` leaves `settings=None`, `Client(host)` leaves
        // `keylog=None`).
        self.note_call_shape(&c.arguments, span);
        if !found.is_empty() {
            self.constant_args.push((span, found));
        }
    }

    /// A test of a parameter of the function being lowered, and the arm each literal argument
    /// (`True`, `False`, `None`, in that order) makes run: `if p:`, `if not p:`, `if p is
    /// None:`, `if p is not None:`, and the first operand of an `or` or an `and` where it
    /// decides alone (`if force_async or isawaitable(delay):` with `True`).
    fn param_test(&self, test: &Expr) -> Option<(u32, [Option<u8>; 3])> {
        match test {
            Expr::BoolOp(b) => {
                // Any operand: `x and p` fails where `p` fails whatever `x` holds.
                let (index, arms) = b.values.iter().find_map(|v| self.param_test(v))?;
                // `p or x` runs the first arm where `p` does; `p and x` the second where it does.
                let keep = if b.op == ast::BoolOp::Or { 0 } else { 1 };
                Some((index, arms.map(|a| a.filter(|&arm| arm == keep))))
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                let (index, arms) = self.param_test(&u.operand)?;
                Some((index, arms.map(|a| a.map(|arm| 1 - arm))))
            }
            Expr::Compare(c)
                if c.ops.len() == 1
                    && is_none(&c.comparators[0])
                    && matches!(&*c.left, Expr::Name(_)) =>
            {
                let index = self.param_index(&c.left)?;
                match c.ops[0] {
                    ast::CmpOp::Is => Some((index, [Some(1), Some(1), Some(0)])),
                    ast::CmpOp::IsNot => Some((index, [Some(0), Some(0), Some(1)])),
                    _ => None,
                }
            }
            Expr::Name(_) => Some((self.param_index(test)?, [Some(0), Some(1), Some(1)])),
            _ => None,
        }
    }

    /// The index of the parameter a name reads, in the function being lowered.
    fn param_index(&self, e: &Expr) -> Option<u32> {
        match self.place_of(e)? {
            Place::Param { function, index } if function == self.frame().qual => Some(index),
            _ => None,
        }
    }

    /// `if x`, `if not x`, `if x is None`, `if x is not None` on a local: which arm runs when it
    /// holds nothing (`Event::Test`).
    fn presence_test(&self, test: &Expr) -> Option<IrStmt> {
        let (e, absent) = match test {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => (&*u.operand, 0),
            Expr::Compare(c) if c.ops.len() == 1 && is_none(&c.comparators[0]) => match c.ops[0] {
                ast::CmpOp::Is => (&*c.left, 0),
                ast::CmpOp::IsNot => (&*c.left, 1),
                _ => return None,
            },
            // `if f is not sys.stdin.buffer: f.close()`: where the local is a module's object,
            // it holds nothing the function opened.
            Expr::Compare(c)
                if c.ops.len() == 1
                    && matches!(self.place_of(&c.comparators[0]), Some(Place::Global(_))) =>
            {
                match c.ops[0] {
                    ast::CmpOp::Is => (&*c.left, 0),
                    ast::CmpOp::IsNot => (&*c.left, 1),
                    _ => return None,
                }
            }
            e => (e, 1),
        };
        let place = match e {
            Expr::Name(_) => self
                .place_of(e)
                .filter(|p| matches!(p, Place::Local { .. }))?,
            _ => return None,
        };
        let span = self.span(test.range());
        Some(IrStmt::Event(Event::Test {
            place,
            absent,
            span,
        }))
    }

    fn with_items(&mut self, items: &'m [ast::WithItem], body: &'m [Stmt], is_async: bool) {
        let Some((item, rest)) = items.split_first() else {
            for s in body {
                self.stmt(s);
            }
            return;
        };
        let ctx = &item.context_expr;
        // `with proc:` and `with proc.stdout as out:` close the process's pipes.
        let span = self.span(ctx.range());
        self.close_pipes(ctx, span);
        let (helper, helper_owner) = match self.lock_helper_call(ctx) {
            Some((lock, owner)) => (Some(lock), owner),
            None => (None, None),
        };
        let owner = helper_owner.or_else(|| self.owner_of(ctx));
        // `with self._get_lock():`: the getter runs (it may make the lock), then its lock is held.
        let helper = helper.or_else(|| {
            let lock = self.lock_getter_place(ctx)?;
            self.expr(ctx);
            Some(lock)
        });
        let helped = helper.is_some();
        if let Some(place) = helper.or_else(|| {
            self.place_of(ctx)
                .filter(|_| !matches!(ctx, Expr::Call(_)))
                .map(|p| self.aliased_lock(p))
        }) {
            let ty = self.type_of(&place);
            let lock_ty = ty.as_ref().filter(|t| self.is_lock_type(t)).cloned();
            if ty.is_none() || lock_ty.is_some() {
                // `with self._locks[k]:`, `with lock:` bound to one: the container's element.
                let place = match helped {
                    false => self.element_lock_of(ctx).unwrap_or(place),
                    true => place,
                };
                // `with cls._lock:`: one lock of the class, whatever object runs this.
                self.note_class_spelled(ctx, &place, ctx.range());
                let lock = LockUse {
                    lock: place,
                    mode: LockMode::Exclusive,
                    blocking: true,
                    is_async,
                    api: lock_ty,
                    owner,
                    span: self.span(ctx.range()),
                };
                let saved = std::mem::take(&mut self.out);
                // `async with sem:` awaits the acquire (`__aenter__`), which suspends the task
                // while another holds the lock.
                if is_async {
                    self.emit(Event::Await { span: lock.span });
                }
                if let Some(v) = &item.optional_vars {
                    self.store(v, AccessKind::Write, None);
                }
                self.with_items(rest, body, is_async);
                let inner = std::mem::replace(&mut self.out, saved);
                self.out.push(IrStmt::Hold {
                    lock,
                    body: inner.into(),
                });
                return;
            }
        }
        let saved = std::mem::take(&mut self.out);
        let target = item.optional_vars.as_deref();
        // The type of the context manager, whose `__exit__` may block (a thread pool's joins
        // its threads).
        let manager: Option<Name>;
        match ctx {
            Expr::Call(c) => {
                let dest = target.and_then(|t| self.place_of(t));
                let mut out = self.call(c, dest.as_ref(), true);
                manager = out.ty.as_deref().map(Name::new);
                // `with Manager() as api:` where `Manager.__enter__` returns `self.session`.
                let field = out.ty.as_deref().and_then(|t| {
                    let info = self.class_info.get(t)?;
                    match if is_async { &info.aenter } else { &info.enter } {
                        Some(Entered::Field(_)) => Some(Name::new(t)),
                        _ => None,
                    }
                });
                if let Some(class) = field {
                    out.ty = self.entered_type(class, is_async).map(|t| t.to_string());
                    out.args.clear();
                }
                if let (Some(t), Some(p)) = (target, dest.as_ref()) {
                    self.after_store_call(p, &out, c.range());
                    self.store(t, AccessKind::Write, None);
                }
            }
            other => {
                self.expr(other);
                // `with proc:` on a resource opened earlier: the statement owns it from here
                // and closes it on every path out of the block.
                let place = self.place_of(other);
                manager = place.as_ref().and_then(|p| self.type_of(p));
                if let Some(place) = &place {
                    let span = self.span(other.range());
                    self.emit(Event::Close {
                        resource: place.clone(),
                        span,
                    });
                }
                if let Some(t) = target {
                    self.store(t, AccessKind::Write, None);
                    // `with self.api_session as api:`: `api` is what `__enter__` returns.
                    let ty = place
                        .and_then(|p| self.self_class(&p).or_else(|| self.type_of(&p)))
                        .and_then(|ty| self.entered_type(ty, is_async));
                    if let (Some(ty), Some(v @ Place::Local { .. })) = (ty, self.place_of(t)) {
                        // Declared, so what the local is passed to learns its type too
                        // (`self._fetch(api, path)` types `_fetch`'s parameter).
                        let span = self.span(t.range());
                        self.decls.push(PlaceDecl {
                            place: v.clone(),
                            ty,
                            args: Vec::new(),
                            span,
                        });
                        self.set_type(&v, ty);
                    }
                }
            }
        }
        if is_async {
            let span = self.span(ctx.range());
            self.emit(Event::Await { span });
        }
        self.with_items(rest, body, is_async);
        // Leaving the block runs `__exit__` (`__aexit__` is awaited, so only a plain `with`).
        let exit = manager
            .filter(|_| !is_async)
            .and_then(|ty| self.models.blocking(&format!("{ty}.__exit__")));
        if let Some(b) = exit {
            let span = self.span(ctx.range());
            self.emit(Event::Blocking {
                api: Name::new(&b.call),
                instead: b.instead.clone().map(Name::from),
                args: ThinVec::new(),
                span,
            });
        }
        let inner = std::mem::replace(&mut self.out, saved);
        self.out.push(IrStmt::Block(inner.into()));
    }

    /// The type of what `with obj as v:` binds when `obj` is of type `ty`: a library type's
    /// context manager returns itself (a lock's returns what `acquire` did, so not a lock); a
    /// class of this file, what its `__enter__` (`__aenter__`) returns on every path: itself or
    /// one of its fields.
    fn entered_type(&self, ty: Name, is_async: bool) -> Option<Name> {
        if self.is_model_type(&ty) {
            return (!self.is_lock_type(&ty)).then_some(ty);
        }
        let info = self.class_info.get(ty.as_str())?;
        match if is_async { &info.aenter } else { &info.enter } {
            Some(Entered::Itself) => Some(ty),
            Some(Entered::Field(f)) => self.type_of(&Place::Field {
                class: ty,
                field: Name::new(f),
            }),
            Some(Entered::Other) | None => None,
        }
    }

    /// `return C(...)` in a factory: the return slot holds a `C`, so that the program can type
    /// what callers store the result in. Only plain classes and locks built without arguments
    /// (a condition over a lock of the factory's own frame names nothing callers can use).
    fn return_decl(&mut self, value: &Expr) {
        let Expr::Call(c) = value else { return };
        let Some(ty) = self.constructed_type(c) else {
            return;
        };
        let m = self.models;
        let plain = !self.is_model_type(&ty);
        let bare_lock = m.lock(&ty).is_some() && c.arguments.is_empty();
        if !plain && !bare_lock {
            return;
        }
        let place = Place::Local {
            function: self.frame().qual,
            name: "return".into(),
        };
        let span = self.span(c.range());
        self.decls.push(PlaceDecl {
            place,
            ty: ty.into(),
            args: Vec::new(),
            span,
        });
    }

    /// Marks `name`, a function or class the current function defines, as rebound (or not) by
    /// an assignment; false when the name is no such definition.
    fn set_def_rebound(&self, name: &str, rebound: bool) -> bool {
        let Some(frame) = self.frames.last() else {
            return false;
        };
        if frame.kind != FrameKind::Function || self.class_body.is_some() {
            return false;
        }
        match frame.scope.get(name) {
            Some(b) if b.def.is_some() && !b.global && !b.nonlocal && b.import.is_none() => {
                b.rebound.set(rebound);
                true
            }
            _ => false,
        }
    }

    fn assign(&mut self, targets: &[Expr], value: &Expr, r: TextRange) {
        // `a, b = Lock(), Queue()`: each target is bound to its own value, as two assignments
        // would (`paired` leaves out swaps, whose values read the targets).
        if let Some(pairs) = paired(targets, value) {
            for (t, v) in pairs {
                self.assign(std::slice::from_ref(t), v, r);
            }
            return;
        }
        self.lock_alias(targets, value);
        self.type_permuted(targets, value);
        self.bind_method_alias(targets, value);
        // `self._locks[k] = Lock()`, `self._locks = defaultdict(Lock)`: a container of locks.
        if let [t] = targets {
            // The container's place only where a lock type was found (`dest` below names the
            // target for everything else).
            let (container, ty) = match (t, value) {
                (Expr::Subscript(sub), Expr::Call(c)) => {
                    let ty = self
                        .constructed_type(c)
                        .filter(|t| self.models.lock(t).is_some())
                        .map(|t| Name::new(&t));
                    (ty.and_then(|_| self.place_of(&sub.value)), ty)
                }
                (Expr::Name(_) | Expr::Attribute(_), _) => {
                    let ty = self.element_lock_type(value);
                    (ty.and_then(|_| self.place_of(t)), ty)
                }
                _ => (None, None),
            };
            self.declare_element_lock(container, ty, r);
        }
        let start = self.out.len();
        // `task = create_task(task())` in a function rebinds its own nested `def`: the value
        // still calls the function, the name holds the value from here on.
        let rebinds_def = match targets {
            [Expr::Name(n)] => self.set_def_rebound(n.id.as_str(), true).then_some(n),
            _ => None,
        };
        let dest = match targets {
            [t] => self.place_of(t),
            _ => None,
        };
        if let Some(n) = rebinds_def {
            self.set_def_rebound(n.id.as_str(), false);
        }
        // `receiver.future = create_task(..)` on an object of unknown class: the value is kept
        // on that object, whose place stands in as where it went.
        let kept_on = match (&dest, targets) {
            (None, [Expr::Attribute(a)]) => self.object_place(&a.value),
            _ => None,
        };
        self.last_lambda = None;
        let mut out = self.value_into(value, dest.as_ref().or(kept_on.as_ref()));
        if let Some(n) = rebinds_def {
            self.set_def_rebound(n.id.as_str(), true);
        }
        if let [Expr::Name(n)] = targets {
            let class = self.class_named(value);
            let locals = &mut self.frame_mut().class_locals;
            match class {
                Some(c) => {
                    locals.insert(n.id.to_string(), c);
                }
                None if locals.is_empty() => {}
                None => {
                    locals.remove(n.id.as_str());
                }
            }
            let made = match value {
                Expr::Lambda(_) => self.last_lambda.take(),
                _ => None,
            };
            let lambdas = &mut self.frame_mut().lambdas;
            match made {
                Some(q) => lambdas.insert(n.id.to_string(), q),
                None if lambdas.is_empty() => None,
                None => lambdas.remove(n.id.as_str()),
            };
        }
        // `iface["sock"] = socket()` on a container the local only borrows: its owner keeps
        // the resource, as the object behind an attribute does.
        let kept_on = kept_on.or_else(|| match (targets, &dest) {
            ([Expr::Subscript(_)], Some(p)) if self.frame().borrowed_containers.contains(p) => {
                Some(p.clone())
            }
            _ => None,
        });
        if let Some(obj) = &kept_on {
            // A resource opened into an attribute is owned by that object, not by the local
            // the object is reached through.
            for st in &mut self.out[start..] {
                if let IrStmt::Event(Event::Open { resource, .. }) = st {
                    if resource.as_ref() == Some(obj) {
                        *resource = None;
                    }
                }
            }
        }
        // A factory's result whose type the whole program learned (`TypeHints::places`).
        if let (Some(p), Some(o), Expr::Call(_)) = (&dest, out.as_mut(), value) {
            if o.ty.is_none() && o.pending.is_none() && !matches!(targets, [Expr::Subscript(_)]) {
                self.untyped_factory_binds.push((p.clone(), self.span(r)));
            }
            if o.ty.is_none() && o.pending.is_none() {
                if let Some(ty) = self.hints.places.get(p) {
                    o.ty = Some(ty.clone());
                    o.args.clear();
                }
            }
        }
        // A subscript target stores into a container: the container's type is not the value's.
        if let (Some(p), Some(out), [t]) = (&dest, out, targets) {
            if !matches!(t, Expr::Subscript(_)) {
                self.after_store_call(p, &out, r);
            }
        }
        // The place the value names (`x = self.session`), looked up once.
        let from = match value {
            Expr::Name(_) | Expr::Attribute(_) => self.place_of(value),
            Expr::Call(c) => self.getattr_method(c),
            _ => None,
        };
        // `client.on_message = on_message`: the field holds that function, which a call
        // through the field runs (`CallGraph::add_callback_calls`).
        // A lambda (`bus.on_event = lambda: self._on_event()`) is the function it was lowered
        // to; `functools.partial(f, ..)` holds `f`.
        let from = match (&dest, from) {
            (Some(Place::Field { .. }), None) => match value {
                Expr::Lambda(_) => self.last_lambda.map(Place::Global),
                _ => self
                    .function_ref(value)
                    .or_else(|| self.partial_function(value)),
            },
            (_, from) => from,
        };
        // `self.loop = loop`: a field or global bound to a name of known type (an annotated
        // parameter, one every call site passes the same type to) has that type.
        // A subscript target stores into the container, whose type is not the value's.
        let binds_place = matches!(targets, [t] if !matches!(t, Expr::Subscript(_)));
        if let (Some(p @ (Place::Field { .. } | Place::Global(_))), Expr::Name(_), true) =
            (&dest, value, binds_place)
        {
            let typed = from.as_ref().and_then(|v| self.type_of(v));
            if let Some(ty) = typed.filter(|t| self.takes_param_type(t)) {
                let span = self.span(r);
                self.decls.push(PlaceDecl {
                    place: p.clone(),
                    ty,
                    args: Vec::new(),
                    span,
                });
                self.set_type(p, ty);
            }
        }
        // `infos = self._jobs[kind]`: a container the field keeps under a key, or a copy of the
        // field, whose iteration yields the field's elements (`iterated_field`).
        if let Some(p @ Place::Local { .. }) = &dest {
            let element_of = match value {
                Expr::Subscript(s) if !matches!(&*s.slice, Expr::Slice(_)) => {
                    self.iterated_field(&s.value)
                }
                Expr::Call(_) => self.iterated_field(value),
                _ => None,
            }
            .filter(|k| self.element_type(k).is_some());
            let taken = element_of
                .is_none()
                .then(|| self.taken_element(value))
                .flatten();
            let element_of = element_of.or(taken);
            // Taken off a queue threads hand work through (a thread-safe model type).
            let queued = taken.is_some_and(|(class, field)| {
                self.type_of(&Place::Field { class, field })
                    .is_some_and(|ty| self.models.is_thread_safe(ty.as_str()))
            });
            if queued {
                self.queue_items.insert(p.clone());
            } else if !self.queue_items.is_empty() {
                self.queue_items.remove(p);
            }
            match element_of {
                Some(k) => {
                    self.elements_of_fields.insert(p.clone(), k);
                    self.element_locals.insert(p.clone());
                }
                None if self.element_locals.remove(p) => {
                    self.elements_of_fields.remove(p);
                }
                None => {}
            }
        }
        if let (Some(p @ Place::Local { .. }), [Expr::Name(_)]) = (&dest, targets) {
            let borrowed = match value {
                Expr::Subscript(s) => !matches!(&*s.slice, Expr::Slice(_)),
                Expr::Attribute(_) => true,
                _ => false,
            };
            let borrowed_containers = &mut self.frame_mut().borrowed_containers;
            if borrowed {
                borrowed_containers.insert(p.clone());
            } else {
                borrowed_containers.remove(p);
            }
        }
        // `api = self.session`: a local copy of a typed place is the same object, of the same
        // type, for the calls made through it (no declaration: the object is the place's).
        if let (Some(p @ Place::Local { .. }), Some(v), true) = (&dest, &from, binds_place) {
            if let Some(ty) = self.self_class(v).or_else(|| self.type_of(v)) {
                self.set_type(p, ty);
            }
        }
        for t in targets {
            let kind = if self.computed_from_read_of(value, t) {
                AccessKind::ReadModifyWrite
            } else {
                AccessKind::Write
            };
            // `d[k] = d.get(k, 0) + 1` updates the entry it read; `d["x"] = d.get("default")`
            // reads another one.
            let rmw_from = match t {
                Expr::Subscript(sub) if !mentions(value, &sub.slice) => None,
                _ => Some(start),
            };
            self.store(t, kind, rmw_from);
        }
        self.remember_read_into(targets, start);
        for t in targets {
            self.bind(t, value, from.clone(), r);
        }
        // `self.pool[key] = sock`: the container keeps the value, as `append` would.
        if let ([Expr::Subscript(s)], Expr::Name(_) | Expr::Attribute(_)) = (targets, value) {
            if let (Some(container), Some(v)) = (self.place_of(&s.value), from) {
                let span = self.span(r);
                self.emit(Event::MethodCall {
                    place: container,
                    method: Name::new("__setitem__"),
                    args: vec![v].into(),
                    span,
                });
            }
        }
    }

    /// `first, second = _ordered(src, dst)` or `= sorted((src, dst), key=id)`: values put in
    /// some order, all of one type, give each target that type.
    fn type_permuted(&mut self, targets: &[Expr], value: &Expr) {
        let (
            [Expr::Tuple(ast::ExprTuple { elts: names, .. })
            | Expr::List(ast::ExprList { elts: names, .. })],
            Expr::Call(c),
        ) = (targets, value)
        else {
            return;
        };
        let Some(q) = self.qualname_of(&c.func) else {
            return;
        };
        let given: &[Expr] = if matches!(q.as_str(), "sorted" | "builtins.sorted") {
            match c.arguments.args.first() {
                Some(Expr::Tuple(t)) => &t.elts,
                Some(Expr::List(l)) => &l.elts,
                _ => return,
            }
        } else if self.permuting.contains(&Name::new(q.as_str())) {
            &c.arguments.args
        } else {
            return;
        };
        let types: Vec<Option<Name>> = (given.iter())
            .map(|a| self.place_of(a).and_then(|p| self.type_of(&p)))
            .collect();
        let Some(Some(ty)) = types.first().cloned() else {
            return;
        };
        if given.len() < 2 || types.iter().any(|t| *t != Some(ty)) {
            return;
        }
        for n in names {
            if let (Expr::Name(_), Some(p @ Place::Local { .. })) = (n, self.place_of(n)) {
                self.set_type(&p, ty);
            }
        }
    }

    /// Whether `value` uses a local last bound to a read of the place `target` stores into
    /// (`self.total = total + x` after `total = self.total`).
    fn computed_from_read_of(&self, value: &Expr, target: &Expr) -> bool {
        let read_into = &self.frame().read_into;
        if read_into.is_empty() {
            return false;
        }
        let mut read: Vec<&Place> = Vec::new();
        let mut finder = Search {
            hit: |n: &Expr| {
                if let Expr::Name(x) = n {
                    read.extend(read_into.get(x.id.as_str()).into_iter().flatten());
                }
                false
            },
            found: false,
        };
        finder.visit_expr(value);
        if read.is_empty() {
            return false;
        }
        let Some(place) = self.shared_place_of(target) else {
            return false;
        };
        read.retain(|p| **p == place);
        !read.is_empty()
    }

    /// After `name = <value>`: the shared place the value read, when it read one, for
    /// [`Self::computed_from_read_of`].
    fn remember_read_into(&mut self, targets: &[Expr], start: usize) {
        let [Expr::Name(n)] = targets else {
            return;
        };
        let read: Vec<Place> = self.out[start..]
            .iter()
            .filter_map(|st| match st {
                IrStmt::Event(Event::Access {
                    place,
                    kind: AccessKind::Read,
                    ..
                }) => Some(place.clone()),
                _ => None,
            })
            .collect();
        let read_into = &mut self.frame_mut().read_into;
        if !read.is_empty() {
            read_into.insert(n.id.to_string(), read);
        } else if !read_into.is_empty() {
            read_into.remove(n.id.as_str());
        }
    }

    /// The place of the object an attribute chain starts from (`sub` for `sub._jsi`), or of the
    /// nearest part of it that has one.
    fn object_place(&self, e: &Expr) -> Option<Place> {
        self.place_of(e).or_else(|| match e {
            Expr::Attribute(a) => self.object_place(&a.value),
            Expr::Subscript(s) => self.object_place(&s.value),
            _ => None,
        })
    }

    /// `ALock = asyncio.Lock` at module level: the module's `ALock` names a lock class, for
    /// the modules that import it (`TypeHints::lock_types`).
    fn lock_alias(&mut self, targets: &[Expr], value: &Expr) {
        let ([Expr::Name(n)], Expr::Name(_) | Expr::Attribute(_)) = (targets, value) else {
            return;
        };
        if self.frame().kind != FrameKind::Module || self.class_body.is_some() {
            return;
        }
        if let Some(q) = self
            .qualname_here(value)
            .filter(|q| self.models.lock(q).is_some())
        {
            self.aliases
                .push((dotted(&self.modname, &n.id), q.to_string()));
        }
    }

    /// A `Bind` for `target = value` when the target is a name or attribute, so analyses can
    /// follow a call's result (a future, a socket) into the place that keeps it.
    fn bind(&mut self, target: &Expr, value: &Expr, from: Option<Place>, r: TextRange) {
        if !matches!(target, Expr::Name(_) | Expr::Attribute(_)) {
            return;
        }
        let Some(place) = self.place_of(target) else {
            return;
        };
        if matches!(place, Place::Local { .. }) {
            // `lock = self._lock` / `t = self._thread`: the local stands for the field's object
            // (`aliased_lock`, `joined_handle`).
            let kept = from
                .clone()
                .filter(|f| matches!(f, Place::Field { .. } | Place::Global(_)));
            let frame = self.frame_mut();
            frame.swapped_out.remove(&place);
            match kept {
                Some(f) => frame.bound_from.insert(place.clone(), f),
                None => frame.bound_from.remove(&place),
            };
            // `lock = self._locks[k]`: the local is one of the container's elements.
            let element = match value {
                Expr::Subscript(_) | Expr::Call(_) => self.element_lock_of(value),
                _ => None,
            };
            let elements = &mut self.frame_mut().element_locals;
            match element {
                Some(e) => elements.insert(place.clone(), e),
                None => elements.remove(&place),
            };
        } else {
            // `self._pending = []` after `batch = self._pending`: `batch` keeps the old list.
            let frame = self.frame_mut();
            for (local, from) in frame.bound_from.iter() {
                if *from == place {
                    frame.swapped_out.insert(local.clone());
                }
            }
        }
        let rhs = self.span(value.range());
        let span = self.span(r);
        self.emit(Event::Bind {
            target: place,
            value: from,
            constant: constant_text(value).map(Name::from),
            rhs,
            span,
        });
    }

    /// Lowers a value stored into `dest`, so that handles of work it spawns (also from inside
    /// a comprehension or a literal list) are known to be kept there.
    fn value_into(&mut self, value: &Expr, dest: Option<&Place>) -> Option<CallOut> {
        match value {
            Expr::Call(c) => Some(self.call(c, dest, false)),
            Expr::Await(a) => {
                let out = match &*a.value {
                    Expr::Call(c) => {
                        let span = self.span(c.range());
                        self.awaited_calls.push(span);
                        Some(self.call(c, dest, false))
                    }
                    other => {
                        self.expr(other);
                        None
                    }
                };
                let span = self.span(a.range);
                self.emit(Event::Await { span });
                out
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &c.elt, dest, c.range),
            Expr::SetComp(c) => self.comprehension(&c.generators, &c.elt, dest, c.range),
            Expr::Generator(c) => self.comprehension(&c.generators, &c.elt, dest, c.range),
            Expr::List(l) => {
                self.contained_resources(value, matches!(dest, Some(Place::Local { .. })));
                for e in &l.elts {
                    let out = self.value_into(e, dest);
                    let out = out.or_else(|| self.pending_of(e));
                    self.element_of(dest, out);
                }
                None
            }
            Expr::Tuple(l) => {
                self.contained_resources(value, matches!(dest, Some(Place::Local { .. })));
                for e in &l.elts {
                    let out = self.value_into(e, dest);
                    let out = out.or_else(|| self.pending_of(e));
                    self.element_of(dest, out);
                }
                None
            }
            // `{executor.submit(f, x): x for x in xs}`: iterating the dict gives its keys.
            Expr::DictComp(c) => {
                let comp_depth = self.comp_locals.len();
                c.generators
                    .iter()
                    .for_each(|g| self.visit_comprehension(g));
                if let Some(key) = c.key.as_deref() {
                    let out = self.value_into(key, dest);
                    self.element_of(dest, out);
                }
                // `{name: executor.submit(f, x) ..}`: the dict keeps the futures as its values
                // (`.values()`, `.items()` give them), not as the elements iteration gives.
                self.value_into(&c.value, dest);
                self.comp_locals.truncate(comp_depth);
                None
            }
            Expr::BoolOp(b) => self.bool_op(b),
            Expr::If(i) => {
                self.expr(&i.test);
                let (body, orelse) = self.param_conditional(i, dest);
                let pick = |o: &Option<CallOut>| o.as_ref().and_then(|o| o.ty.clone());
                let ty = self.either_type(
                    pick(&body),
                    pick(&orelse),
                    [&*i.body, &*i.orelse].map(|e| matches!(e, Expr::NoneLiteral(_))),
                )?;
                let out = [body, orelse]
                    .into_iter()
                    .flatten()
                    .find(|o| o.ty.as_deref() == Some(ty.as_str()))?;
                Some(CallOut {
                    ty: Some(ty),
                    args: out.args,
                    ..CallOut::default()
                })
            }
            other => {
                self.expr(other);
                None
            }
        }
    }

    /// Lowers the two values of `a if cond else b`. Where `cond` tests a parameter of the
    /// function (`open(path) if path else None`), they are the arms of a branch on it, as the
    /// statement `if path:` would make (a `ParamTest`): a call leaving `path=None` runs only
    /// the second. Any other test lowers both in line.
    fn param_conditional(
        &mut self,
        i: &ast::ExprIf,
        dest: Option<&Place>,
    ) -> (Option<CallOut>, Option<CallOut>) {
        let Some((param, taken)) = self.param_test(&i.test) else {
            let body = self.value_into(&i.body, dest);
            return (body, self.value_into(&i.orelse, dest));
        };
        let saved = std::mem::take(&mut self.out);
        let body = self.value_into(&i.body, dest);
        let first = std::mem::take(&mut self.out);
        let orelse = self.value_into(&i.orelse, dest);
        let second = std::mem::replace(&mut self.out, saved);
        if first.is_empty() && second.is_empty() {
            return (body, orelse);
        }
        let span = self.span(i.range);
        self.param_tests.push(crate::ir::ParamTest {
            branch: span,
            param,
            arms: taken,
        });
        self.out.push(IrStmt::Branch {
            cond: thin_vec::ThinVec::new(),
            arms: thin_vec::thin_vec![first, second],
            span,
        });
        (body, orelse)
    }

    /// The type of `a if cond else b` from its branches' types (`none`: which branch is a
    /// literal `None`). The same type, or one type beside `None`, is that type. A library type
    /// beside a class of the program (`DummyExecutor() if debug else ProcessPoolExecutor(n)`)
    /// is the library type: the stand-in serves the configuration without concurrency, and
    /// the one with it is the one to check. Two library types are ambiguous.
    fn either_type(&self, a: Option<String>, b: Option<String>, none: [bool; 2]) -> Option<String> {
        match (a, b) {
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => match (self.is_model_type(&a), self.is_model_type(&b)) {
                (true, false) if self.class_info.contains_key(b.as_str()) => Some(a),
                (false, true) if self.class_info.contains_key(a.as_str()) => Some(b),
                _ => None,
            },
            (Some(a), None) if none[1] => Some(a),
            (None, Some(b)) if none[0] => Some(b),
            _ => None,
        }
    }

    /// Lowers `loop or asyncio.new_event_loop()`, typed by the one type its operands give,
    /// `None` and parameters of no known type aside (what the missing value falls back on).
    fn bool_op(&mut self, b: &ast::ExprBoolOp) -> Option<CallOut> {
        let mut ty: Option<String> = None;
        let mut args = ThinVec::new();
        let mut calls = 0;
        let mut known = true;
        for v in &b.values {
            let this = match v {
                Expr::NoneLiteral(_) => continue,
                Expr::Call(c) => {
                    let out = self.call(c, None, false);
                    calls += 1;
                    args = out.args;
                    out.ty
                }
                other => {
                    self.expr(other);
                    let place = self.place_of(other);
                    let t = place
                        .as_ref()
                        .and_then(|p| self.self_class(p).or_else(|| self.type_of(p)));
                    match t {
                        Some(t) if self.takes_param_type(&t) => Some(t.to_string()),
                        None if place.as_ref().is_some_and(|p| self.is_param(p)) => continue,
                        _ => None,
                    }
                }
            };
            match this {
                Some(t) if ty.as_ref().is_none_or(|o| *o == t) => ty = Some(t),
                _ => known = false,
            }
        }
        if calls != 1 {
            args.clear();
        }
        let ty = ty.filter(|_| known)?;
        Some(CallOut {
            ty: Some(ty),
            args,
            ..CallOut::default()
        })
    }

    /// Whether `p` is a parameter of the function it belongs to.
    fn is_param(&self, p: &Place) -> bool {
        match p {
            Place::Param { .. } => true,
            Place::Local { function, name } => self
                .frames
                .iter()
                .rev()
                .find(|f| f.qual == *function)
                .is_some_and(|f| f.params.iter().any(|q| q == name.as_str())),
            _ => false,
        }
    }

    /// Records the read of the container `iter` walks (`d`, `d.items()`, `d.keys()`,
    /// `d.values()`), among the events lowering it emitted (`ModuleFacts::iterations`).
    fn note_iteration(&mut self, iter: &Expr, lowered: &mut Vec<IrStmt>) {
        // `list(cache.values())` over a container written in Python iterates it too (copying
        // a builtin dict is one step).
        if let Expr::Call(c) = iter {
            if let ([arg], true) = (
                &*c.arguments.args,
                self.qualname_of(&c.func)
                    .is_some_and(|q| self.models.is_iterating_call(&q)),
            ) {
                let inner = match arg {
                    Expr::Call(m) if m.arguments.is_empty() => match &*m.func {
                        Expr::Attribute(a)
                            if matches!(a.attr.as_str(), "items" | "keys" | "values") =>
                        {
                            Some(&*a.value)
                        }
                        _ => None,
                    },
                    Expr::Name(_) | Expr::Attribute(_) => Some(arg),
                    _ => None,
                };
                let python_container = inner
                    .and_then(|e| self.place_of(e))
                    .and_then(|p| self.type_of(&p))
                    .is_some_and(|t| self.models.is_python_container(&t));
                if python_container {
                    self.note_iteration(arg, lowered);
                }
            }
            return self.note_iteration_of(iter, lowered);
        }
        self.note_iteration_of(iter, lowered);
    }

    fn note_iteration_of(&mut self, iter: &Expr, lowered: &mut Vec<IrStmt>) {
        let container = match iter {
            Expr::Call(c)
                if c.arguments.is_empty()
                    && matches!(&*c.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "items" | "keys" | "values")) =>
            {
                let Expr::Attribute(a) = &*c.func else { return };
                &*a.value
            }
            Expr::Name(_) | Expr::Attribute(_) => iter,
            _ => return,
        };
        // An element of a container (`d[k].items()`) is another object.
        if !matches!(container, Expr::Name(_) | Expr::Attribute(_)) {
            return;
        }
        let Some(place) = self.container_place_of(container) else {
            return;
        };
        let before = self.iterations.len();
        for st in lowered.iter() {
            if let IrStmt::Event(Event::Access {
                place: p,
                kind: AccessKind::Read,
                span,
                ..
            }) = st
            {
                if *p == place {
                    self.iterations.push(*span);
                }
            }
        }
        // A container of a declared type (`self.subjects: Dict[..]`) lowers `.items()` as a
        // call on it: the iteration reads it all the same.
        if self.iterations.len() == before {
            let span = self.span(container.range());
            lowered.push(IrStmt::Event(Event::Access {
                place,
                kind: AccessKind::Read,
                atomic: Atomicity::Plain,
                span,
            }));
            self.iterations.push(span);
        }
    }

    /// A local holding a spawn object not started yet (`t1` in `[t1, t2]`), as the element it
    /// makes.
    fn pending_of(&self, e: &Expr) -> Option<CallOut> {
        let Expr::Name(_) = e else { return None };
        let place = self.place_of(e)?;
        let pending = self.pending.get(&place)?.clone();
        Some(CallOut {
            ty: self.type_of(&place).map(String::from),
            pending: Some(pending),
            ..CallOut::default()
        })
    }

    /// Remembers what a container's elements are, from one element's construction: a new kind,
    /// or one more of a kind it has (then not made once).
    fn element_of(&mut self, container: Option<&Place>, out: Option<CallOut>) {
        let (Some(c), Some(out)) = (container, out) else {
            return;
        };
        if out.ty.is_none() && out.pending.is_none() {
            return;
        }
        let once = self.loop_depth == 0;
        let kinds = self.elements.entry(c.clone()).or_default();
        let target = |p: &Option<Pending>| p.as_ref().map(|p| (p.target.clone(), p.api.clone()));
        let same = kinds
            .iter()
            .position(|k| k.ty == out.ty && target(&k.pending) == target(&out.pending));
        match same {
            Some(i) => kinds[i].once = false,
            None if kinds.len() < 4 => kinds.push(Element {
                ty: out.ty,
                pending: out.pending,
                once,
            }),
            None => {}
        }
    }

    /// Records what a call stored in `p` constructed: a declaration, its type, a pending spawn.
    fn after_store_call(&mut self, p: &Place, out: &CallOut, r: TextRange) {
        if let Some(ty) = &out.ty {
            let span = self.span(r);
            let ty = Name::new(ty);
            self.decls.push(PlaceDecl {
                place: p.clone(),
                ty,
                args: out.args.to_vec(),
                span,
            });
            self.set_type(p, ty);
        }
        if let Some(pending) = &out.pending {
            self.pending.insert(p.clone(), pending.clone());
        }
    }

    /// A store to `target`. With `rmw_from`, a read of the same place emitted since that index
    /// (by the assigned value) turns the write into one read-modify-write.
    fn store(&mut self, target: &Expr, kind: AccessKind, rmw_from: Option<usize>) {
        match target {
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.store(e, kind, rmw_from)),
            Expr::List(t) => t.elts.iter().for_each(|e| self.store(e, kind, rmw_from)),
            Expr::Starred(s) => self.store(&s.value, kind, rmw_from),
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => {
                if let Expr::Subscript(s) = target {
                    self.expr(&s.slice);
                    if kind != AccessKind::Write || rmw_from.is_some() {
                        self.dunder_call(&s.value, "__getitem__", s.range);
                    }
                }
                if let (Expr::Subscript(s), false) = (target, self.deleting) {
                    self.dunder_call(&s.value, "__setitem__", s.range);
                }
                let Some(place) = self.shared_place_of(target) else {
                    match target {
                        Expr::Attribute(a) => self.expr(&a.value),
                        Expr::Subscript(s) => self.expr(&s.value),
                        _ => {}
                    }
                    return;
                };
                let mut kind = kind;
                if let Some(from) = rmw_from {
                    let before = self.out.len();
                    let mut i = from;
                    while i < self.out.len() {
                        let same = matches!(&self.out[i], IrStmt::Event(Event::Access { place: p, kind: AccessKind::Read, .. }) if *p == place);
                        if same {
                            self.out.remove(i);
                        } else {
                            i += 1;
                        }
                    }
                    if self.out.len() != before {
                        kind = AccessKind::ReadModifyWrite;
                    }
                }
                self.note_class_spelled(target, &place, target.range());
                // `d[k] = v` stores an entry: it never empties `d`.
                if matches!(target, Expr::Subscript(_)) && !self.deleting {
                    let span = self.span(target.range());
                    self.adding_writes.push(span);
                }
                // `d[k][i] = v` stores into the element `d[k]`: `d` keeps its entries.
                if let Expr::Subscript(s) = target {
                    if matches!(&*s.value, Expr::Subscript(_)) {
                        let span = self.span(target.range());
                        self.element_writes.push(span);
                    }
                }
                self.access(place, kind, target.range());
            }
            _ => self.expr(target),
        }
    }

    // ---------------------------------------------------------------- definitions

    fn def_prefix(&self) -> String {
        if let Some(cb) = &self.class_body {
            return cb.qualname.clone();
        }
        let f = self.frame();
        match f.kind {
            FrameKind::Module => self.modname.clone(),
            _ => dotted(&f.name, "<locals>"),
        }
    }

    fn function_def(&mut self, f: &'m ast::StmtFunctionDef) {
        for d in &f.decorator_list {
            self.expr(&d.expression);
        }
        if self.frame().kind == FrameKind::Function {
            self.type_locals_assigned_later();
        }
        for p in f.parameters.iter_non_variadic_params() {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
        let name = dotted(&self.def_prefix(), &f.name);
        let class = self.class_body.as_ref().map(|c| c.qualname.clone());
        let is_static = f
            .decorator_list
            .iter()
            .any(|d| matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "staticmethod"));
        let params: Vec<String> = names::param_names(&f.parameters)
            .map(str::to_string)
            .collect();
        let self_param = class.is_some() && !is_static && !params.is_empty();
        self.note_param_defaults(&name, &f.parameters);
        let scope = names::scan_scope(&f.body, ScopeKind::Function, &self.path);
        if f.is_async
            && (scope.yields
                || f.decorator_list
                    .iter()
                    .any(|d| !self.keeps_coroutine(&d.expression)))
        {
            self.async_not_coroutine.push(name.clone());
        }
        if !f.is_async
            && f.decorator_list.iter().any(|d| {
                self.qualname_of(&d.expression)
                    .is_some_and(|q| self.models.is_loop_callback_decorator(&q))
            })
        {
            self.loop_callbacks.push(name.clone());
        }
        let memoizing = f.decorator_list.iter().any(|d| {
            let target = match &d.expression {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            self.qualname_of(target)
                .is_some_and(|q| self.models.is_memoizer(&q))
        });
        if memoizing || returns_cache_early(&f.body, &self.global_setters) {
            self.memoized.push(name.clone());
        }
        if catches_everything(&f.body) {
            self.catches_all.push(name.clone());
        }
        // A plain generator's cleanup around a `yield` runs when the generator is closed, and
        // an abandoned one is closed by the garbage collector. A `@contextmanager` generator is
        // closed by its `with`.
        let closed_by_with = f.decorator_list.iter().any(|d| {
            matches!(
                self.qualname_of(&d.expression).as_deref(),
                Some("contextlib.contextmanager" | "contextlib.asynccontextmanager")
            )
        });
        let undecorated = f.decorator_list.iter().all(|d| {
            matches!(&d.expression, Expr::Name(n) if matches!(n.id.as_str(), "staticmethod" | "classmethod"))
        });
        if scope.yields && !f.is_async && undecorated {
            self.plain_generators.push(name.clone());
        }
        if !f.is_async && !undecorated {
            self.wrapped_sync.push(name.clone());
        }
        for range in super::generators::handed_back_calls(&f.body) {
            let span = self.span(range);
            self.handed_back_calls.push(span);
        }
        if scope.yields && !f.is_async && !closed_by_with {
            let mut found = Vec::new();
            generator_cleanups(&f.body, &mut found);
            for range in found {
                let span = self.span(range);
                self.generator_cleanups.push((Name::new(&name), span));
            }
        }
        for d in &f.decorator_list {
            let (target, factory) = match &d.expression {
                Expr::Call(c) => (&*c.func, true),
                e => (e, false),
            };
            if let Some(q) = self.qualname_of(target) {
                self.decorated.push((Name::new(&name), q, factory));
            }
        }
        // `@locked` from this file, or a library decorator the models say holds a lock of its
        // own (`@functools.cached_property`): the body runs inside the wrapper's `with`, and
        // inside each decorator above it in turn.
        self.decorated_hold = f
            .decorator_list
            .iter()
            .filter_map(|d| {
                let lock = match &d.expression {
                    Expr::Call(c) => {
                        let q = self.qualname_of(&c.func)?;
                        match self.lock_decorator_factories.get(q.as_str())?.clone() {
                            DecoratorLock::FactoryArgument(i) => {
                                match self.place_of(c.arguments.args.get(i as usize)?)? {
                                    Place::Global(g) => DecoratorLock::Global(g),
                                    _ => return None,
                                }
                            }
                            lock => lock,
                        }
                    }
                    // `@synchronize` on a method, a lock decorator of the class body.
                    Expr::Name(n)
                        if class.as_ref().is_some_and(|c| {
                            self.lock_decorators.contains_key(dotted(c, &n.id).as_str())
                        }) =>
                    {
                        let c = class.as_ref().expect("invariant: tested by the guard");
                        self.lock_decorators[dotted(c, &n.id).as_str()].clone()
                    }
                    e => {
                        let q = self.qualname_of(e)?;
                        match self.lock_decorators.get(q.as_str()) {
                            Some(lock) => lock.clone(),
                            None => {
                                let ty = self.models.decorator_lock(&q)?;
                                DecoratorLock::PerFunction {
                                    decorator: Name::new(q.rsplit('.').next().unwrap_or(&q)),
                                    local: Name::new("lock"),
                                    ty: Name::new(ty),
                                    made_at: self.span(e.range()),
                                }
                            }
                        }
                    }
                };
                let fits = match lock {
                    DecoratorLock::SelfField(_) => {
                        self_param || (class.is_none() && !params.is_empty())
                    }
                    DecoratorLock::Global(_) | DecoratorLock::PerFunction { .. } => true,
                    DecoratorLock::FactoryArgument(_) => false,
                };
                fits.then(|| (lock, self.span(d.expression.range())))
            })
            .collect();
        let span = self.span(f.name.range);
        self.pending_context_manager = f.decorator_list.iter().any(|d| {
            matches!(
                self.qualname_of(&d.expression).as_deref(),
                Some("contextlib.contextmanager" | "contextlib.asynccontextmanager")
            )
        });
        self.lower_function(
            name,
            f.name.to_string(),
            class,
            span,
            f.is_async,
            params,
            self_param,
            scope,
            Some(&f.parameters),
            FnBody::Stmts(&f.body),
        );
    }

    /// A decorator that leaves an `async def` a coroutine function: calling the decorated name
    /// still gives a coroutine that runs only when awaited. Any other decorator may wrap it in
    /// something that schedules it (`@fire_and_forget`) or runs it to completion.
    fn keeps_coroutine(&self, decorator: &Expr) -> bool {
        let target = match decorator {
            Expr::Call(c) => &*c.func,
            d => d,
        };
        matches!(
            self.qualname_of(target).as_deref(),
            Some(
                "staticmethod"
                    | "classmethod"
                    | "abc.abstractmethod"
                    | "typing.override"
                    | "typing_extensions.override"
                    | "functools.wraps"
            )
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_function(
        &mut self,
        name: String,
        short_name: String,
        class: Option<String>,
        span: Span,
        is_async: bool,
        params: Vec<String>,
        self_param: bool,
        scope: ScopeInfo<'m>,
        parameters: Option<&ast::Parameters>,
        body: FnBody<'m, '_>,
    ) {
        // Defaults are evaluated where the function is defined: before its frame is pushed.
        let module_params = parameters
            .map(|p| self.module_defaults(p, &params))
            .unwrap_or_default();
        let saved_class_body = self.class_body.take();
        let decorated_hold = std::mem::take(&mut self.decorated_hold);
        self.frames.push(Frame {
            qual: Name::new(&name),
            name,
            class_name: class.as_deref().map(Name::new),
            class,
            kind: if matches!(body, FnBody::Expr(_)) {
                FrameKind::Lambda
            } else {
                FrameKind::Function
            },
            scope,
            params,
            self_param,
            local_types: HashMap::default(),
            bound_from: HashMap::default(),
            swapped_out: HashSet::default(),
            element_locals: HashMap::default(),
            borrowed_containers: HashSet::default(),
            lambdas: HashMap::default(),
            class_locals: HashMap::default(),
            read_into: HashMap::default(),
            body: match body {
                FnBody::Stmts(b) => b,
                FnBody::Expr(_) => &[],
            },
            pipes: Vec::new(),
            lends_at_yield: std::mem::take(&mut self.pending_context_manager),
            sync_checked: Vec::new(),
            nonempty: Vec::new(),
            bound_methods: HashMap::default(),
            module_params,
        });
        // Annotated parameters: `conn: Conn` lets `conn.x` name a field of `Conn`.
        if let Some(p) = parameters {
            let all = p
                .posonlyargs
                .iter()
                .chain(p.args.iter())
                .chain(p.kwonlyargs.iter());
            let mut types = Vec::new();
            for a in all {
                if let Some(ann) = &a.parameter.annotation {
                    if let Some(ty) = self.qualname_of(ann).filter(|q| self.is_class_like(q)) {
                        types.push((a.parameter.name.to_string(), ty));
                    }
                }
            }
            if let Some(f) = self.frames.last_mut() {
                f.local_types.extend(types);
            }
        }
        // Unannotated parameters every call site passes one class (program-wide hints).
        if !self.hints.params.is_empty() {
            let hints = self.hints;
            if let Some(f) = self.frames.last_mut() {
                for (i, p) in f.params.iter().enumerate() {
                    if let Some(ty) = hints.params.get(&(f.name.clone(), i)) {
                        f.local_types
                            .entry(p.clone())
                            .or_insert_with(|| Name::new(ty));
                    }
                }
            }
        }
        if let FnBody::Stmts(b) = body {
            let qual = self.frame().qual;
            for local in unread_locals(b) {
                self.unread_locals.push((qual, Name::new(local)));
            }
        }
        let mut lowered = match body {
            FnBody::Stmts(b) => self.block(b),
            FnBody::Expr(e) => self.expr_block(e),
        };
        // The decorator nearest the function wraps it first.
        for (lock, span) in decorated_hold.into_iter().rev() {
            lowered = self.held_by_decorator(lock, span, lowered);
        }
        let frame = self.frames.pop().expect("invariant: pushed above");
        self.class_body = saved_class_body;
        self.functions.push(Function {
            name: frame.name,
            short_name,
            class: frame.class,
            span,
            is_async,
            is_module_body: false,
            params: frame.params,
            body: lowered,
        });
    }

    /// `[f(x) for x in xs]`: the element runs once per item, as the body of a loop whose
    /// condition is the iteration (a spawn in it starts many).
    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        elt: &Expr,
        dest: Option<&Place>,
        range: TextRange,
    ) -> Option<CallOut> {
        let saved = std::mem::take(&mut self.out);
        let comp_depth = self.comp_locals.len();
        generators.iter().for_each(|g| self.visit_comprehension(g));
        let mut cond = std::mem::take(&mut self.out);
        self.loop_depth += 1;
        let out = self.value_into(elt, dest);
        self.element_of(dest, out);
        self.loop_depth -= 1;
        self.comp_locals.truncate(comp_depth);
        let body = std::mem::replace(&mut self.out, saved);
        if body.is_empty() {
            self.out.append(&mut cond);
        } else {
            let span = self.span(range);
            for g in generators {
                self.note_loop_targets(span, &g.target);
            }
            self.out.push(IrStmt::Loop {
                cond: cond.into(),
                body: body.into(),
                infinite: false,
                span,
            });
        }
        None
    }

    /// Records the locals a loop's target binds (`ModuleFacts::loop_targets`).
    fn note_loop_targets(&mut self, span: Span, target: &Expr) {
        match target {
            Expr::Name(_) => {
                if let Some(p @ Place::Local { .. }) = self.place_of(target) {
                    self.loop_targets.push((span, p));
                }
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.note_loop_targets(span, e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.note_loop_targets(span, e)),
            _ => {}
        }
    }

    fn lambda(&mut self, l: &ast::ExprLambda) -> String {
        let base = format!("{}.<lambda>", self.def_prefix_for_lambda());
        let n = self.lambda_names.entry(base.clone()).or_insert(0);
        *n += 1;
        let name = if *n == 1 { base } else { format!("{base}#{n}") };
        self.last_lambda = Some(Name::new(&name));
        self.lambdas_at.insert(l.range, Name::new(&name));
        let params: Vec<String> = l
            .parameters
            .iter()
            .flat_map(|p| names::param_names(p))
            .map(str::to_string)
            .collect();
        let span = self.span(l.range);
        let class = self.frame().class.clone();
        self.lower_function(
            name.clone(),
            "<lambda>".into(),
            class,
            span,
            false,
            params,
            false,
            ScopeInfo::default(),
            None,
            FnBody::Expr(&l.body),
        );
        name
    }

    fn def_prefix_for_lambda(&self) -> String {
        let f = self.frame();
        match f.kind {
            FrameKind::Module => self.modname.clone(),
            _ => dotted(&f.name, "<locals>"),
        }
    }

    fn class_def(&mut self, c: &'m ast::StmtClassDef) {
        for d in &c.decorator_list {
            self.expr(&d.expression);
        }
        let q = dotted(&self.def_prefix(), &c.name);
        self.register_class(&q, c);
        let bases = c
            .arguments
            .iter()
            .flat_map(|a| a.args.iter())
            .filter_map(|b| self.qualname_of(b).map(String::from))
            .collect();
        let metaclass = c
            .arguments
            .as_ref()
            .and_then(|a| a.find_keyword("metaclass"))
            .and_then(|k| self.qualname_of(&k.value).map(String::from));
        let span = self.span(c.name.range);
        self.classes.push(Class {
            name: q.clone(),
            span,
            bases,
            metaclass,
            interface: false,
        });
        let scope = names::scan_scope(&c.body, ScopeKind::ModuleOrClass, &self.path);
        let saved = self.class_body.replace(ClassBody {
            qual: Name::new(&q),
            qualname: q.clone(),
            scope,
        });
        let first_method = self.functions.len();
        for s in &c.body {
            self.stmt(s);
        }
        self.class_body = saved;
        self.declare_annotated_fields(c, &q);
        self.dataclass_init(c, &q, first_method);
    }

    /// Declares the fields the class body annotates without a value of its own (`cache:
    /// Cache`, `_lock: Lock = field(default_factory=Lock)`): the type every object's field
    /// holds, as `self.cache = ..` in a method would declare it.
    fn declare_annotated_fields(&mut self, c: &ast::StmtClassDef, q: &str) {
        for s in &c.body {
            let Stmt::AnnAssign(a) = s else { continue };
            let Expr::Name(n) = &*a.target else { continue };
            let declared = match a.value.as_deref() {
                None => true,
                Some(Expr::Call(call)) => self.is_field_spec(call),
                Some(_) => false,
            };
            if !declared {
                continue;
            }
            let place = Place::Field {
                class: Name::new(q),
                field: Name::new(&n.id),
            };
            let Some(ty) = self.type_of(&place) else {
                continue;
            };
            let span = self.span(a.range);
            self.decls.push(PlaceDecl {
                place,
                ty,
                args: Vec::new(),
                span,
            });
        }
    }

    /// The `__init__` a dataclass decorator writes (`@dataclass`, `@attr.s`, `@define`) for a
    /// class of the file that defines none and has no base of the file: one parameter per
    /// annotated field, in order, each stored into its field, so objects handed to the
    /// constructor are followed into the fields as with a written `__init__`.
    fn dataclass_init(&mut self, c: &ast::StmtClassDef, q: &str, at: usize) {
        let generated = c.decorator_list.iter().any(|d| {
            let e = match &d.expression {
                Expr::Call(call) => &*call.func,
                e => e,
            };
            self.qualname_of(e).is_some_and(|n| {
                matches!(
                    n.as_str(),
                    "dataclasses.dataclass"
                        | "attr.s"
                        | "attr.attrs"
                        | "attr.define"
                        | "attr.frozen"
                        | "attr.mutable"
                        | "attrs.define"
                        | "attrs.frozen"
                        | "attrs.mutable"
                )
            })
        });
        let has_init = c
            .body
            .iter()
            .any(|s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__init__"));
        let program_base = c
            .arguments
            .iter()
            .flat_map(|a| a.args.iter())
            .filter_map(|b| self.qualname_of(b))
            .any(|b| self.class_info.contains_key(b.as_str()));
        if !generated || has_init || program_base {
            return;
        }
        let name = dotted(q, "__init__");
        let function = Name::new(&name);
        let mut params = vec!["self".to_string()];
        let mut body = Vec::new();
        // The function's span is its first field's: the class's name is the class's own.
        let mut first_field = None;
        for s in &c.body {
            let Stmt::AnnAssign(a) = s else { continue };
            let Expr::Name(n) = &*a.target else { continue };
            // `x: ClassVar[int]` is no field; `field(init=False)` is no parameter.
            let class_var = matches!(&*a.annotation, Expr::Subscript(sub)
                if self.qualname_of(&sub.value).is_some_and(|t| t.as_str() == "typing.ClassVar"));
            let not_init = matches!(a.value.as_deref(), Some(Expr::Call(call))
                if call.arguments.find_keyword("init").is_some_and(|k| is_false(&k.value)));
            if class_var || not_init {
                continue;
            }
            let span = self.span(a.range);
            first_field.get_or_insert(span);
            let field = Place::Field {
                class: Name::new(q),
                field: Name::new(&n.id),
            };
            let param = Place::Param {
                function,
                index: params.len() as u32,
            };
            params.push(n.id.to_string());
            body.push(IrStmt::Event(Event::Access {
                place: field.clone(),
                kind: AccessKind::Write,
                atomic: Atomicity::Plain,
                span,
            }));
            body.push(IrStmt::Event(Event::Bind {
                target: field,
                value: Some(param),
                constant: None,
                rhs: span,
                span,
            }));
        }
        if params.len() == 1 {
            return;
        }
        let Some(span) = first_field else { return };
        // Functions stay in source order: the class's name comes before its methods.
        self.functions.insert(
            at,
            Function {
                name,
                short_name: "__init__".into(),
                class: Some(q.to_string()),
                span,
                is_async: false,
                is_module_body: false,
                params,
                body,
            },
        );
    }

    // ---------------------------------------------------------------- expressions

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => {
                if n.ctx != ExprContext::Load {
                    return;
                }
                if let Some(p) = self.shared_place_of(e) {
                    self.access(p, AccessKind::Read, n.range);
                }
            }
            Expr::Attribute(a) => {
                if let Some(p) = self.place_of(e) {
                    if self.self_class(&p).is_none() {
                        if self.property_read(&p, a) {
                            return;
                        }
                        self.note_class_spelled(e, &p, a.range);
                        self.access(p, AccessKind::Read, a.range);
                    }
                } else {
                    self.expr(&a.value);
                }
            }
            Expr::Subscript(s) => {
                match self.container_place_of(&s.value) {
                    Some(p) => self.access(p, AccessKind::Read, s.range),
                    None => self.expr(&s.value),
                }
                self.expr(&s.slice);
                self.dunder_call(&s.value, "__getitem__", s.range);
            }
            Expr::FString(f) => {
                visitor::walk_expr(self, e);
                for element in f.value.elements() {
                    if let ast::InterpolatedStringElement::Interpolation(i) = element {
                        let dunder = match i.conversion {
                            ast::ConversionFlag::Repr => "__repr__",
                            _ => "__str__",
                        };
                        self.dunder_call(&i.expression, dunder, i.range);
                    }
                }
            }
            Expr::Call(c) => {
                self.call(c, None, false);
            }
            Expr::Await(a) => {
                if let Expr::Call(c) = &*a.value {
                    let span = self.span(c.range());
                    self.awaited_calls.push(span);
                }
                self.expr(&a.value);
                let span = self.span(a.range);
                self.emit(Event::Await { span });
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    for p in p.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.expr(d);
                        }
                    }
                }
                self.lambda(l);
            }
            Expr::Named(n) => {
                let start = self.out.len();
                self.expr(&n.value);
                self.store(&n.target, AccessKind::Write, Some(start));
            }
            Expr::Compare(c) => {
                self.expr(&c.left);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    // `k in cache` on a local alias of a shared container reads the container.
                    let alias = matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn)
                        .then(|| self.container_alias(right))
                        .flatten();
                    match alias {
                        Some(p) => self.access(p, AccessKind::Read, right.range()),
                        None => self.expr(right),
                    }
                    if matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
                        self.dunder_call(right, "__contains__", c.range);
                    }
                }
                self.ordering(c);
            }
            Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_) => {
                self.contained_resources(e, false);
                visitor::walk_expr(self, e)
            }
            // The element runs once per item: a loop (see `comprehension`).
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::Generator(_) => {
                self.value_into(e, None);
            }
            Expr::DictComp(_) => {
                let comp_depth = self.comp_locals.len();
                visitor::walk_expr(self, e);
                self.comp_locals.truncate(comp_depth);
            }
            _ => visitor::walk_expr(self, e),
        }
    }

    /// A resource a local holds, put in a list, tuple, set or dict display (`Server([sock])`,
    /// `to_close = (out,)`), goes where the container goes: recorded as a bind of the local
    /// into a container local, which hands it on (KN401). A display bound to a local
    /// (`local`: `inputs = [sock, sys.stdin]`) stays the function's (`CONTAINER_LOCAL`); one
    /// passed, returned or stored elsewhere goes to an owner (`HANDED_CONTAINER`).
    fn contained_resources(&mut self, e: &Expr, local: bool) {
        let elements: Vec<&Expr> = match e {
            Expr::List(l) => l.elts.iter().collect(),
            Expr::Tuple(t) => t.elts.iter().collect(),
            Expr::Set(t) => t.elts.iter().collect(),
            Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
            _ => return,
        };
        for el in elements {
            let Expr::Name(n) = el else { continue };
            let Some(place @ Place::Local { function, .. }) = self.place_of(el) else {
                continue;
            };
            let resource = self
                .type_of(&place)
                .is_some_and(|ty| self.models.resource(ty.as_str()).is_some());
            if !resource {
                continue;
            }
            let span = self.span(n.range);
            self.emit(Event::Bind {
                target: Place::Local {
                    function,
                    name: Name::new(if local {
                        crate::ir::CONTAINER_LOCAL
                    } else {
                        crate::ir::HANDED_CONTAINER
                    }),
                },
                value: Some(place),
                constant: None,
                rhs: span,
                span,
            });
        }
    }

    // ---------------------------------------------------------------- calls

    /// The callable a spawn runs: a function, a bound method, a lambda, or the coroutine
    /// function of `create_task(coro())`. Lowers the sub-expressions it evaluates.
    fn target_callee(&mut self, e: &Expr) -> Option<Callee> {
        match e {
            // `target=lambda: self._read_loop()`: the thread runs that method on that object.
            Expr::Lambda(l) if method_call_lambda(l).is_some_and(|c| self.lambda_method(c)) => {
                let call = method_call_lambda(l)?;
                for a in call.arguments.args.iter() {
                    self.expr(a);
                }
                self.target_callee(&call.func)
            }
            Expr::Lambda(l) => Some(Callee::Path(self.lambda(l).into())),
            Expr::Call(c) => {
                if self.qualname_of(&c.func).as_deref() == Some("functools.partial") {
                    let mut args = c.arguments.args.iter();
                    let first = args.next();
                    for a in args {
                        self.expr(a);
                    }
                    return first.and_then(|f| self.target_callee(f));
                }
                for a in c.arguments.args.iter() {
                    self.expr(a);
                }
                for k in &c.arguments.keywords {
                    self.expr(&k.value);
                }
                self.callee_of(&c.func)
            }
            // `run = lambda: ..` then `target=run`: the lambda, from the frame binding `run`.
            Expr::Name(n) if self.frames.iter().any(|f| !f.lambdas.is_empty()) => {
                match self.lookup(n.id.as_str()) {
                    Found::Local { frame, .. } => {
                        if let Some(q) = self.frames[frame].lambdas.get(n.id.as_str()) {
                            return Some(Callee::Path(*q));
                        }
                        self.callee_of(e)
                    }
                    _ => self.callee_of(e),
                }
            }
            _ => {
                let callee = self.callee_of(e);
                if let Expr::Attribute(a) = e {
                    self.handed_close(a);
                    if callee.is_none() {
                        self.expr(&a.value);
                    }
                }
                callee
            }
        }
    }

    /// Whether a lambda's one call is a method of a class of the checked code on an object
    /// (`self._read_loop()`) with plain arguments: the lambda runs that method and nothing else.
    fn lambda_method(&self, call: &ast::ExprCall) -> bool {
        let plain = call
            .arguments
            .args
            .iter()
            .all(|a| matches!(a, Expr::Name(_) | Expr::Attribute(_)) || a.is_literal_expr());
        plain
            && call.arguments.keywords.is_empty()
            && matches!(self.callee_of(&call.func), Some(Callee::Method { .. }))
            && self.receiver_of(&call.func).is_some()
    }

    /// The place a call of a getter stands for: a method returning one attribute of its object
    /// or class (`def _get_pool(self): if self._pool is None: ..; return self._pool`), or a
    /// function returning one module global, called without arguments.
    fn getter_place(&self, e: &Expr) -> Option<Place> {
        let Expr::Call(c) = e else { return None };
        if !c.arguments.is_empty() {
            return None;
        }
        match &*c.func {
            Expr::Attribute(a) if self.qualname_of(&c.func).is_none() => {
                let object = self.place_of(&a.value)?;
                let class = (self.self_class(&object)).or_else(|| self.type_of(&object))?;
                let attr = a.attr.as_str();
                let field = self
                    .class_or_base_where(class.as_str(), |i| i.field_getters.contains_key(attr))?
                    .field_getters
                    .get(attr)?;
                Some(Place::Field {
                    class,
                    field: Name::new(field),
                })
            }
            func if !self.getters.is_empty() => self.getters.get(&self.qualname_of(func)?).cloned(),
            _ => None,
        }
    }

    /// The object a bound-method spawn target runs on, when it is a place (`server` in
    /// `target=server.serve_forever`).
    fn receiver_of(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Lambda(l) => match method_call_lambda(l).filter(|c| self.lambda_method(c)) {
                Some(call) => self.receiver_of(&call.func),
                // A lambda of a method reading its `self` (`lambda k: self.lookup(k)`) runs
                // on the method's object.
                None => self.captured_self(|me| {
                    !l.parameters
                        .as_ref()
                        .is_some_and(|p| names::param_names(p).any(|x| x == me))
                        && expr_reads_name(&l.body, me)
                }),
            },
            // A function defined in a method and reading its `self` (`def one(k): return
            // self.lookup(k)`, then `pool.map(one, keys)`) runs on the method's object.
            Expr::Name(n) => {
                let def = nested_def(self.frame().body, n.id.as_str())?;
                self.captured_self(|me| {
                    names::param_names(&def.parameters).all(|x| x != me)
                        && def.body.iter().any(|s| {
                            search(
                                s,
                                &mut |node| matches!(node, Expr::Name(x) if x.id.as_str() == me),
                            )
                        })
                })
            }
            // `target=super().serve_forever` runs a base's method on the method's object.
            Expr::Attribute(a) if self.super_target(&a.value).is_some() => {
                self.super_target(&a.value).map(|(_, this)| this)
            }
            Expr::Attribute(a) if self.qualname_of(e).is_none() => self.place_of(&a.value),
            // A coroutine made by calling a method (`create_task(conn.run())`) runs on the
            // method's object.
            // `partial(obj.method, ..)` runs the method on `obj`.
            Expr::Call(c) if self.qualname_of(&c.func).as_deref() == Some("functools.partial") => {
                self.receiver_of(c.arguments.args.first()?)
            }
            Expr::Call(c) if matches!(&*c.func, Expr::Attribute(_)) => self.receiver_of(&c.func),
            _ => None,
        }
    }

    /// The `self` of the method being lowered, when `reads` says a closure of it reads that
    /// name: the object the closure runs on.
    fn captured_self(&self, reads: impl Fn(&str) -> bool) -> Option<Place> {
        let f = self.frame();
        let me = f
            .params
            .first()
            .filter(|_| f.self_param && f.kind == FrameKind::Function)?;
        if !reads(me) {
            return None;
        }
        Some(Place::Param {
            function: f.qual,
            index: 0,
        })
    }

    /// What calling a local, variable or class attribute `func` (a name) calls: an object's
    /// `__call__`, what a field it was read from holds, or the name's dynamic call.
    fn local_callee(&self, func: &Expr) -> Option<Callee> {
        let Expr::Name(n) = func else { return None };
        // Calling an object of a class of the checked code runs its `__call__`
        // (`app = App(handler)`, then `app(request)` or `pool.map(app, ..)`).
        let class = self
            .place_of(func)
            .and_then(|p| self.type_of(&p))
            .filter(|ty| !self.models.is_model_type(ty.as_str()));
        // `for cb in self._callbacks: cb(..)` calls what the field holds.
        if let Some((class, field)) = self
            .place_of(func)
            .and_then(|p| self.elements_of_fields.get(&p))
        {
            return Some(Callee::Method {
                class: *class,
                method: *field,
            });
        }
        // `cb = self.on_event; cb()` calls what the field holds (a callback
        // stored there, or the bound method of that name).
        if class.is_none() {
            if let Some(Place::Field { class, field }) = self
                .place_of(func)
                .and_then(|p| self.bound_from(&p).or_else(|| self.closure_bound_from(&p)))
                .cloned()
            {
                return Some(Callee::Method {
                    class,
                    method: field,
                });
            }
        }
        Some(match class {
            Some(class) => Callee::Method {
                class,
                method: Name::new("__call__"),
            },
            None => Callee::Dynamic {
                method: Name::new(&n.id),
            },
        })
    }

    /// What calling `func` would call, without emitting anything.
    fn callee_of(&self, func: &Expr) -> Option<Callee> {
        if let Some(class) = self.cls_of_classmethod(func) {
            return Some(Callee::Path(class));
        }
        match func {
            Expr::Name(n) => match self.resolve(n.id.as_str()) {
                Res::Def(q, _) | Res::Import(q) | Res::Builtin(q) => Some(Callee::Path(q)),
                // `wait = lambda: time.sleep(1)`, then `wait()`: the lambda's function.
                Res::Local(..) if self.frames.iter().any(|f| !f.lambdas.is_empty()) => {
                    match self.lookup(n.id.as_str()) {
                        Found::Local { frame, .. } => self.frames[frame]
                            .lambdas
                            .get(n.id.as_str())
                            .map(|q| Callee::Path(*q))
                            .or_else(|| self.local_callee(func)),
                        _ => self.local_callee(func),
                    }
                }
                Res::Local(..) | Res::Var(_) | Res::ClassAttr(_) => self.local_callee(func),
            },
            Expr::Attribute(a) => {
                if let Some(q) = self.qualname_of(func) {
                    return Some(Callee::Path(q));
                }
                let method = Name::new(&a.attr);
                match self.place_of(&a.value) {
                    Some(p) => match self.self_class(&p).or_else(|| self.type_of(&p)) {
                        // `self.on_message(..)` through a property returning
                        // `self._on_message`: a call of what that attribute holds.
                        Some(class) => match self.property_field(class.as_str(), a.attr.as_str()) {
                            Some(field) => Some(Callee::Method {
                                class,
                                method: Name::new(&field),
                            }),
                            None => Some(Callee::Method { class, method }),
                        },
                        None => Some(Callee::Dynamic { method }),
                    },
                    // `Thread(target=Worker().run)`: a method of the object just built.
                    None => match &*a.value {
                        Expr::Call(c) => match self
                            .constructed_type(c)
                            .filter(|t| !self.models.is_model_type(t))
                        {
                            Some(class) => Some(Callee::Method {
                                class: Name::new(&class),
                                method,
                            }),
                            None => Some(Callee::Dynamic { method }),
                        },
                        _ => Some(Callee::Dynamic { method }),
                    },
                }
            }
            // `self._handlers[event]()`: a call of what the field keeps under that key.
            Expr::Subscript(sub) if !matches!(&*sub.slice, Expr::Slice(_)) => {
                match self.place_of(&sub.value)? {
                    Place::Field { class, field }
                        if self.class_info.contains_key(class.as_str()) =>
                    {
                        Some(Callee::Method {
                            class,
                            method: field,
                        })
                    }
                    _ => None,
                }
            }
            Expr::Lambda(_) => None,
            _ => None,
        }
    }

    /// Lowers a call: arguments first, then what the call means (a model event or a plain call).
    /// `dest` is the place the result is stored in; `managed` when a `with` closes it.
    fn call(&mut self, c: &ast::ExprCall, dest: Option<&Place>, managed: bool) -> CallOut {
        let timed = self.bounds_wait(c);
        self.timed += u32::from(timed);
        let out = self.call_in_place(c, dest, managed);
        self.timed -= u32::from(timed);
        out
    }

    /// A call of a `[[timeout]]` model given a timeout (`asyncio.wait_for(aw, 5)`, not
    /// `asyncio.wait_for(aw, None)`): the future it is handed gives up when the time runs out.
    fn bounds_wait(&self, c: &ast::ExprCall) -> bool {
        if !matches!(&*c.func, Expr::Name(_) | Expr::Attribute(_)) {
            return false;
        }
        // The limit first: most calls have none, and naming the callee costs more.
        let args = &c.arguments;
        let limit = args.args.get(1).or_else(|| {
            args.keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "timeout"))
                .map(|k| &k.value)
        });
        if !limit.is_some_and(|t| !matches!(t, Expr::NoneLiteral(_))) {
            return false;
        }
        self.qualname_of(&c.func)
            .is_some_and(|q| self.models.timeout(&q).is_some())
    }

    fn call_in_place(&mut self, c: &ast::ExprCall, dest: Option<&Place>, managed: bool) -> CallOut {
        let span = self.span(c.range());
        self.note_constant_args(c, span);
        if self.defines_dunders {
            self.builtin_dunder_calls(c);
        }
        let args = &c.arguments;
        self.nested_container_store(c, span);
        // `shutdown = self.executor.shutdown; shutdown()`: that method on that object.
        if let Some(call) = self.bound_method_call(c) {
            let Expr::Attribute(a) = &*call.func else {
                unreachable!("bound_method_call makes an attribute call")
            };
            return self.method_call(&call, a, dest, managed);
        }
        // Receiver method calls: `recv.m(...)`.
        let callee = match &*c.func {
            Expr::Attribute(a) => match self.qualname_of(&c.func) {
                None => return self.method_call(c, a, dest, managed),
                // `Registry.items.add(x)`: a method of what a class attribute holds.
                Some(_) if self.class_attribute(&a.value) => {
                    return self.method_call(c, a, dest, managed)
                }
                // `pools.EXECUTOR.submit(f)`: a method of what another module's global holds,
                // when the program knows its type (`TypeHints::places`).
                Some(_) if self.typed_module_global(&a.value) => {
                    return self.method_call(c, a, dest, managed)
                }
                // What `callee_of` would say, without resolving the path again.
                Some(q) => Some(Callee::Path(q)),
            },
            func => self.callee_of(func),
        };
        let Some(callee) = callee else {
            self.expr(&c.func);
            self.lower_args(args, None);
            return CallOut::default();
        };
        if matches!((&callee, &*c.func), (Callee::Method { .. }, Expr::Name(_)))
            && !self.queue_items.is_empty()
            && self
                .place_of(&c.func)
                .is_some_and(|p| self.queue_items.contains(&p))
        {
            self.queued_calls.push(span);
        }
        let Callee::Path(q) = &callee else {
            self.lower_args(args, None);
            let arg_places = self.call_arg_places(args);
            // Calling an object runs its `__call__` on that object (`client()`).
            let receiver = match &callee {
                Callee::Method { method, .. } if method == "__call__" => self.place_of(&c.func),
                _ => None,
            };
            self.emit(Event::Call {
                callee,
                args: arg_places,
                kwargs: self.kwarg_places(args),
                receiver,
                span,
            });
            return CallOut::default();
        };
        let q = *q;
        if q.as_str() == "multiprocessing.set_start_method" {
            if let Some(Expr::StringLiteral(method)) = args.args.first() {
                self.start_method = Some((method.value.to_str().to_string(), span));
            }
        }
        let models = self.models;
        let info = self.class_info.get(q.as_str());
        // A spawn-model constructor: started later by `start`, or at once.
        let subclass = info.and_then(|i| i.spawn.clone());
        // A subclass of a threading server starts its handlers like the server it derives from.
        let server = info.and_then(|i| i.server.clone());
        let is_known_class = info.is_some();
        if let Some((m, api)) = server.and_then(|api| Some((models.spawn_constructor(&api)?, api)))
        {
            let pending = self.spawn_from_model(args, m, &api);
            let arg_places = self.arg_places(args);
            self.emit_spawn(pending, dest.cloned(), span);
            return CallOut {
                ty: Some(q.to_string()),
                args: arg_places,
                pending: None,
                callbacks: None,
            };
        }
        // Most called paths have no model: one probe rules out every lookup below.
        let modelled = models.may_model_path(&q);
        if let Some(m) = modelled.then(|| models.spawn_constructor(&q)).flatten() {
            let pending = self.spawn_from_model(args, m, &q);
            self.note_process_target(args, m, &pending, q);
            self.daemon_flag(args, m, dest, span);
            let arg_places = self.arg_places(args);
            if m.start.is_none() {
                self.emit_spawn(pending, dest.cloned(), span);
                return CallOut {
                    ty: Some(q.to_string()),
                    args: arg_places,
                    pending: None,
                    callbacks: None,
                };
            }
            return CallOut {
                ty: Some(q.to_string()),
                args: arg_places,
                pending: Some(pending),
                callbacks: None,
            };
        }
        if let Some(m) = modelled.then(|| models.spawn_call(&q)).flatten() {
            if m.each_arg {
                for a in args.args.iter() {
                    // `gather(*(fetch(h) for h in hosts))`: one spawn per element, in a loop.
                    let comp = match a {
                        Expr::Starred(st) => match &*st.value {
                            Expr::Generator(c) => Some((&*c.elt, &c.generators)),
                            Expr::ListComp(c) => Some((&*c.elt, &c.generators)),
                            Expr::SetComp(c) => Some((&*c.elt, &c.generators)),
                            _ => None,
                        },
                        _ => None,
                    };
                    let Some((elt, generators)) = comp else {
                        self.spawn_each_arg(a, m, q, dest, span);
                        continue;
                    };
                    let saved = std::mem::take(&mut self.out);
                    for g in generators {
                        self.expr(&g.iter);
                        for cond in &g.ifs {
                            self.expr(cond);
                        }
                    }
                    let cond = std::mem::take(&mut self.out);
                    self.spawn_each_arg(elt, m, q, dest, span);
                    let body = std::mem::replace(&mut self.out, saved);
                    self.out.push(IrStmt::Loop {
                        cond: cond.into(),
                        body: body.into(),
                        infinite: false,
                        span: self.span(a.range()),
                    });
                }
                for k in &args.keywords {
                    self.expr(&k.value);
                }
                return CallOut::default();
            }
            if m.passes_futures && self.passes_started_work(args, m) {
                self.lower_args(args, None);
                return CallOut::default();
            }
            self.nested_thread_spawn(args, m, dest);
            let pending = self.spawn_from_model(args, m, &q);
            self.emit_spawn(pending, dest.cloned(), span);
            return CallOut::default();
        }
        let initializer = modelled
            .then(|| models.executor(&q))
            .flatten()
            .and_then(|ex| Some((ex, arg_ref(args, ex.initializer.as_ref()?)?)));
        self.lower_args(args, initializer.map(|(_, init)| init));
        if let Some((ex, init)) = initializer {
            self.executor_initializer(ex, &q, args, init, span);
        }
        let mut arg_places = self.arg_places(args);
        if modelled {
            self.wrapped_lock_by_keyword(&q, args, &mut arg_places);
        }
        if modelled
            && models.fork(&q).is_some_and(|f| {
                args.keywords
                    .iter()
                    .filter_map(|k| k.arg.as_ref())
                    .any(|k| f.unless_arg.iter().any(|n| n == k.as_str()))
            })
        {
            self.start_method_chosen.push(span);
        }
        let mut matched = false;
        if let Some(r) = modelled.then(|| models.resource(&q)).flatten() {
            self.emit(Event::Open {
                resource: dest.cloned(),
                api: Name::new(&r.open),
                managed,
                span,
            });
            // In `with Popen(..) as p:` the pipes are closed by the statement, and still
            // written by the child (KN204 reads the opens).
            if let (Some(pipes), Some(Place::Local { name, .. })) = (&r.pipes, dest) {
                self.open_pipes(&r.open, pipes, name.as_str(), args, managed);
            }
            matched = true;
        }
        if let Some(b) = modelled
            .then(|| models.blocking(&q))
            .flatten()
            .filter(|b| !b.unless_arg.iter().any(|n| arg_names(args).any(|a| a == n)))
            .filter(|b| {
                !b.unless_false
                    .iter()
                    .any(|r| arg_ref(args, r).is_some_and(is_false_literal))
            })
        {
            self.emit_blocking(b, args, span);
            matched = true;
        }
        let is_model_type = modelled && self.is_model_type(&q);
        if let (Some(ex), Some(d)) = (modelled.then(|| models.executor(&q)).flatten(), dest) {
            let one = ex
                .workers
                .as_ref()
                .and_then(|w| arg_ref(args, w))
                .is_some_and(is_one_literal);
            self.single_worker
                .entry(d.clone())
                .and_modify(|all| *all &= one)
                .or_insert(one);
        }
        if let (true, Some(d)) = (is_model_type, dest) {
            let flags: Vec<Name> = arg_names(args)
                .filter(|a| models.is_constructor_flag(a))
                .map(Name::new)
                .collect();
            // Every construction must pass the flag for the place to keep it: an empty entry
            // records a construction without it.
            self.constructed_with
                .entry(d.clone())
                .and_modify(|kept| kept.retain(|f| flags.contains(f)))
                .or_insert(flags);
        }
        // `is_class_like`, from the probes already made.
        let is_class = is_model_type || is_known_class || looks_like_class(&q);
        if !matched && !is_model_type {
            self.emit(Event::Call {
                callee: Callee::Path(q),
                args: self.with_functions(args, arg_places.clone()),
                kwargs: self.kwargs_with_functions(args),
                receiver: None,
                span,
            });
        }
        // `proc = start_converter(..)` of a helper returning a process with pipes: the pipes
        // are this function's to close.
        let piped = self.piped_helpers.get(&q).cloned();
        if let (Some((api, keywords)), false, Some(Place::Local { name, .. })) =
            (piped.clone(), managed, dest)
        {
            if let Some(pipes) = models.resource(&api).and_then(|r| r.pipes.as_ref()) {
                // Each pipe needs a span of its own (resources are told apart by their open
                // span, the process's is the call's): the helper's name, shortened by one
                // character per pipe after the first.
                let name_span = self.span(c.func.range());
                let asked: Vec<(&str, Span)> = (keywords.iter().enumerate())
                    .map(|(i, k)| {
                        let end = name_span
                            .end
                            .saturating_sub(i as u32)
                            .max(name_span.start + 1);
                        (k.as_str(), Span::new(name_span.file, name_span.start, end))
                    })
                    .collect();
                self.open_pipe_keywords(&api, pipes, name.as_str(), &asked, false);
            }
        }
        // A factory model first (`OAuth2Session(..)` is a `requests.Session`), as
        // `constructed_type` does.
        let factory = modelled.then(|| self.factory_type(&q, c)).flatten();
        CallOut {
            ty: match (factory, is_class) {
                (Some(t), _) => Some(t.to_string()),
                // The process the helper returns.
                (None, false) if piped.is_some() => piped.map(|(api, _)| api),
                (None, true) => Some(q.to_string()),
                (None, false) => self
                    .getters
                    .get(&q)
                    .and_then(|g| self.type_of(g))
                    .map(|t| t.to_string()),
            },
            args: arg_places,
            pending: subclass.map(|(api, entry, ctx)| Pending {
                receiver: None,
                target: Some(Callee::Method {
                    class: q,
                    method: entry.into(),
                }),
                ctx,
                api,
                args: Vec::new(),
                start: Some("start".into()),
            }),
            callbacks: None,
        }
    }

    /// One argument of a spawn model that starts each of its arguments (`asyncio.gather`).
    /// `dest` is where the call's value goes: `results.append(asyncio.gather(..))` keeps the
    /// gathering future, and with it every task it started, in the list.
    fn spawn_each_arg(
        &mut self,
        a: &Expr,
        m: &SpawnModel,
        q: Name,
        dest: Option<&Place>,
        span: Span,
    ) {
        // `gather(asyncio.to_thread(f), loop.run_in_executor(None, g))`: the argument is
        // itself a spawn, lowered as one.
        if self.is_spawn_call(a) {
            self.expr(a);
            return;
        }
        let target = self.target_callee(a);
        let receiver = self.receiver_of(a);
        self.emit_spawn(
            Pending {
                receiver,
                target,
                ctx: ctx_of(&m.context),
                api: q.to_string(),
                args: Vec::new(),
                start: None,
            },
            dest.cloned(),
            span,
        );
    }

    /// Whether the target of a `passes_futures` spawn call is a local holding the handle of
    /// work already started (`task = create_task(..)`, then `ensure_future(task)`): the call
    /// returns that handle and starts nothing.
    fn passes_started_work(&self, args: &ast::Arguments, m: &SpawnModel) -> bool {
        let Some(Expr::Name(n)) = m.target.as_ref().and_then(|t| arg_ref(args, t)) else {
            return false;
        };
        let Res::Local(p) = self.resolve(n.id.as_str()) else {
            return false;
        };
        self.spawned.contains(&p)
    }

    /// Whether `e` is a call that spawns by itself (`asyncio.to_thread(f)`, `x.run_in_executor(..)`).
    fn is_spawn_call(&self, e: &Expr) -> bool {
        self.spawn_call_model(e).is_some()
    }

    /// The spawn model of a call that spawns by itself.
    fn spawn_call_model(&self, e: &Expr) -> Option<&'m SpawnModel> {
        let Expr::Call(c) = e else {
            return None;
        };
        match self.qualname_of(&c.func) {
            Some(q) => self.models.spawn_call(&q),
            None => match &*c.func {
                Expr::Attribute(a) => self.models.spawn_method("python", a.attr.as_str()),
                _ => None,
            },
        }
    }

    /// `asyncio.create_task(loop.run_in_executor(None, f))`, `ensure_future(asyncio.to_thread(f))`:
    /// a task made of a call that starts a thread by itself. The thread starts there, lowered
    /// as its own spawn whose handle is the task's (`dest`): awaiting the task waits for it.
    fn nested_thread_spawn(&mut self, args: &ast::Arguments, m: &SpawnModel, dest: Option<&Place>) {
        if m.context != "task" {
            return;
        }
        let Some(inner @ Expr::Call(c)) = m.target.as_ref().and_then(|r| arg_ref(args, r)) else {
            return;
        };
        if self
            .spawn_call_model(inner)
            .is_some_and(|n| n.context != "task")
        {
            self.call(c, dest, false);
        }
    }

    /// The target and argument places of a spawn model's call, lowering the other arguments.
    fn spawn_from_model(&mut self, args: &ast::Arguments, m: &SpawnModel, api: &str) -> Pending {
        let target_expr = m.target.as_ref().and_then(|r| arg_ref(args, r));
        let args_expr = m.args.as_ref().and_then(|r| arg_ref(args, r));
        let skip = |e: &Expr| target_expr.is_some_and(|t| std::ptr::eq(t, e));
        for a in args.args.iter() {
            if !skip(a) && !self.inline_construction(a) {
                self.expr(a);
            }
        }
        for k in &args.keywords {
            if skip(&k.value) {
                continue;
            }
            // `args=(Loader(),)`: each object built there is the thread's argument.
            match &k.value {
                Expr::Tuple(ast::ExprTuple { elts, .. })
                | Expr::List(ast::ExprList { elts, .. })
                    if args_expr.is_some_and(|e| std::ptr::eq(e, &k.value)) =>
                {
                    for e in elts {
                        if !self.inline_construction(e) {
                            self.expr(e);
                        }
                    }
                }
                v => self.expr(v),
            }
        }
        let target = target_expr.and_then(|t| self.target_callee(t));
        let receiver = target_expr.and_then(|t| self.receiver_of(t));
        let spawn_args = match (args_expr, m.args.is_some()) {
            (Some(e), _) => self.places_of_seq(e),
            (None, true) => Vec::new(),
            (None, false) => {
                // By default the arguments after a positional target go to the target.
                let after = m.target.as_ref().and_then(|t| t.position).filter(|_| {
                    target_expr.is_some_and(|t| args.args.iter().any(|a| std::ptr::eq(a, t)))
                });
                match after {
                    Some(p) => args
                        .args
                        .iter()
                        .skip(p + 1)
                        .map(|a| self.spawn_arg_place(a))
                        .collect(),
                    None => Vec::new(),
                }
            }
        };
        Pending {
            receiver,
            target,
            ctx: ctx_of(&m.context),
            api: api.to_string(),
            args: spawn_args,
            start: m.start.clone(),
        }
    }

    /// `ThreadPoolExecutor(initializer=f, initargs=(x,))`: every worker thread runs `f` once, as
    /// the spawn `<executor>.initializer` (many at once, owned by the executor).
    fn executor_initializer(
        &mut self,
        ex: &ExecutorModel,
        executor: &str,
        args: &ast::Arguments,
        init: &Expr,
        span: Span,
    ) {
        let target = self.target_callee(init);
        let receiver = self.receiver_of(init);
        let spawn_args = ex
            .initargs
            .as_ref()
            .and_then(|r| arg_ref(args, r))
            .map(|e| self.places_of_seq(e))
            .unwrap_or_default();
        let pending = Pending {
            receiver,
            target,
            ctx: ctx_of(&ex.context),
            api: format!("{executor}.{INITIALIZER}"),
            args: spawn_args,
            start: None,
        };
        self.emit_spawn(pending, None, span);
    }

    fn places_of_seq(&self, e: &Expr) -> Vec<Option<Place>> {
        match e {
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts.iter().map(|x| self.spawn_arg_place(x)).collect()
            }
            other => vec![self.place_of(other)],
        }
    }

    /// An argument handed to spawned work: its place, an object built there, or a function of
    /// the checked code passed by name (`Thread(target=guarded, args=(poll,))`), which the
    /// target may call (`CallGraph::add_param_calls`).
    fn spawn_arg_place(&self, e: &Expr) -> Option<Place> {
        self.place_of(e)
            .or_else(|| self.inline_object(e))
            .or_else(|| self.function_ref(e))
            .or_else(|| self.partial_function(e))
    }

    /// `fut.add_done_callback(cb)`: `cb` runs in the pool's context once the work is done.
    fn done_callback(
        &mut self,
        args: &ast::Arguments,
        cb: &DoneCallbacks,
        method: &str,
        span: Span,
    ) {
        let target_expr = args.args.first();
        self.lower_args(args, target_expr);
        let target = target_expr.and_then(|t| self.target_callee(t));
        self.emit_spawn(
            Pending {
                receiver: None,
                target,
                ctx: cb.ctx,
                api: format!("{}.{method}", cb.api),
                args: Vec::new(),
                start: None,
            },
            None,
            span,
        );
    }

    /// Records the target of a process constructed here (`ModuleFacts::process_targets`).
    fn note_process_target(
        &mut self,
        args: &ast::Arguments,
        m: &SpawnModel,
        p: &Pending,
        api: Name,
    ) {
        if ctx_of(&m.context) != ExecCtx::Process {
            return;
        }
        let (Some(target), Some(expr)) =
            (&p.target, m.target.as_ref().and_then(|r| arg_ref(args, r)))
        else {
            return;
        };
        let span = self.span(expr.range());
        let function = self.frame().name.clone();
        self.process_targets
            .push((function, target.clone(), api, span));
    }

    /// Looping over a collection of spawn handles (`for f in futures:`,
    /// `[f.result() for f in futures]`) reads the collection: its handles are looked at there.
    /// The kinds of element a `for` loop over `iter` binds: those of a container place, of the
    /// names in a list or tuple literal, and of both sides of a concatenation (`workers +
    /// [monitor]`). `None` when `iter` is none of these.
    fn iterated_elements(&self, iter: &Expr) -> Option<Option<Vec<Element>>> {
        match iter {
            Expr::BinOp(b) if b.op == ast::Operator::Add => {
                let (l, r) = (
                    self.iterated_elements(&b.left)?,
                    self.iterated_elements(&b.right)?,
                );
                Some(match (l, r) {
                    (Some(mut l), Some(r)) => {
                        l.extend(r);
                        Some(l)
                    }
                    (l, r) => l.or(r),
                })
            }
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                let kinds: Vec<Element> = elts
                    .iter()
                    .filter_map(|e| self.place_of(e))
                    .map(|p| Element {
                        ty: self.type_of(&p).map(|t| t.to_string()),
                        pending: self.pending.get(&p).cloned(),
                        once: true,
                    })
                    .collect();
                Some((!kinds.is_empty()).then_some(kinds))
            }
            e => Some(self.elements.get(&self.place_of(e)?).cloned()),
        }
    }

    /// The places a `for` loop's iterable names: `threads`, or each of `workers + [monitor]`.
    fn iterated_places<'e>(&'e self, iter: &'e Expr) -> Box<dyn Iterator<Item = Place> + 'e> {
        match iter {
            Expr::BinOp(b) if b.op == ast::Operator::Add => Box::new(
                self.iterated_places(&b.left)
                    .chain(self.iterated_places(&b.right)),
            ),
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                Box::new(elts.iter().filter_map(|e| self.place_of(e)))
            }
            e => Box::new(self.place_of(e).into_iter()),
        }
    }

    /// `self._handlers.setdefault(event, []).append(handler)` or `self._handlers[event].append(
    /// handler)`: the value goes into a container the field keeps, as with `self._f.append(h)`.
    /// Recorded as that method call on the field, so a loop over the field's containers
    /// (`for h in self._handlers.get(event, []):`) calls what was stored.
    fn nested_container_store(&mut self, c: &ast::ExprCall, span: Span) {
        let Expr::Attribute(a) = &*c.func else {
            return;
        };
        if !matches!(a.attr.as_str(), "append" | "add" | "insert" | "appendleft") {
            return;
        }
        let holder = match &*a.value {
            Expr::Call(inner) => match &*inner.func {
                Expr::Attribute(g) if g.attr.as_str() == "setdefault" => &*g.value,
                _ => return,
            },
            Expr::Subscript(sub) if !matches!(&*sub.slice, Expr::Slice(_)) => &*sub.value,
            _ => return,
        };
        let Some(place @ Place::Field { .. }) = self.place_of(holder) else {
            return;
        };
        if !matches!(&place, Place::Field { class, .. } if self.class_info.contains_key(class.as_str()))
        {
            return;
        }
        let passed: Vec<Place> = c
            .arguments
            .args
            .iter()
            .filter_map(|e| self.place_of(e))
            .collect();
        if passed.is_empty() {
            return;
        }
        self.emit(Event::MethodCall {
            place,
            method: Name::new(a.attr.as_str()),
            args: passed.into(),
            span,
        });
    }

    /// The field of a class of the checked code an element is taken out of (`self._tasks.get()`,
    /// `get_nowait()`, `pop(k)`, `popleft()`, `self._handlers.get(name)`): a local bound to it
    /// is one of what the field holds, so calling it calls what was put there (`callback =
    /// self._queue.get(); callback()` runs what `self._queue.put(f)` stored).
    fn taken_element(&self, value: &Expr) -> Option<(Name, Name)> {
        let Expr::Call(c) = value else { return None };
        let Expr::Attribute(a) = &*c.func else {
            return None;
        };
        if !ELEMENT_TAKES.contains(&a.attr.as_str()) {
            return None;
        }
        match self.place_of(&a.value)? {
            Place::Field { class, field } if self.class_info.contains_key(class.as_str()) => {
                Some((class, field))
            }
            _ => None,
        }
    }

    /// The field of a class of the checked code a `for` loop iterates, directly or through a
    /// copy (`self._callbacks`, `list(self._callbacks)`, `self._callbacks.copy()`,
    /// `self._handlers.values()`, `self._callbacks[:]`).
    fn iterated_field(&self, iter: &Expr) -> Option<(Name, Name)> {
        let mut inner = iter;
        for _ in 0..4 {
            inner = match inner {
                Expr::Call(c)
                    if c.arguments.args.len() == 1
                        && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "list" | "tuple" | "reversed" | "sorted")) =>
                {
                    &c.arguments.args[0]
                }
                Expr::Call(c) if c.arguments.is_empty() => match &*c.func {
                    Expr::Attribute(a) if matches!(a.attr.as_str(), "copy" | "values") => &*a.value,
                    _ => return None,
                },
                // `self._handlers.get(event, [])`: the list kept under one key.
                Expr::Call(c) if (1..=2).contains(&c.arguments.args.len()) => match &*c.func {
                    Expr::Attribute(a) if a.attr.as_str() == "get" => &*a.value,
                    _ => return None,
                },
                Expr::Subscript(s) if matches!(&*s.slice, Expr::Slice(_)) => &*s.value,
                _ => break,
            };
        }
        // A container reached through a field of `self` (`self._core.handlers`) is keyed as
        // the class prepass spelled it, whatever type the middle field has since been given.
        if let Some(key) = self
            .self_chain(inner)
            .filter(|k| self.element_types.contains_key(k))
        {
            return Some(key);
        }
        match self.place_of(inner)? {
            Place::Field { class, field } if self.class_info.contains_key(class.as_str()) => {
                Some((class, field))
            }
            // `for handlers in self._handlers.values(): for h in handlers:`.
            local @ Place::Local { .. } => self.elements_of_fields.get(&local).copied(),
            _ => None,
        }
    }

    /// `self.a.b` in a method: its class and the dotted rest (`a.b`), when it goes through at
    /// least two attributes.
    fn self_chain(&self, e: &Expr) -> Option<(Name, Name)> {
        let frame = self.frame();
        let class = frame.class_name.filter(|_| frame.self_param)?;
        let self_name = frame.params.first()?;
        let mut parts = Vec::new();
        let mut at = e;
        while let Expr::Attribute(a) = at {
            parts.push(a.attr.as_str());
            at = &a.value;
        }
        match at {
            Expr::Name(n) if n.id.as_str() == self_name && parts.len() >= 2 => {
                parts.reverse();
                Some((class, Name::new(&parts.join("."))))
            }
            _ => None,
        }
    }

    /// The field or global container `e` is a live view of: `iter(c)`, `c.keys()`,
    /// `c.values()`, `c.items()` (`ModuleFacts::escaping_views`).
    fn live_view_of(&self, e: &Expr) -> Option<Place> {
        let Expr::Call(c) = e else { return None };
        let container = match &*c.func {
            Expr::Name(n) if n.id.as_str() == "iter" && c.arguments.args.len() == 1 => {
                &c.arguments.args[0]
            }
            Expr::Attribute(a)
                if c.arguments.is_empty()
                    && matches!(a.attr.as_str(), "keys" | "values" | "items") =>
            {
                &*a.value
            }
            _ => return None,
        };
        self.place_of(container)
            .filter(|p| matches!(p, Place::Field { .. } | Place::Global(_)))
    }

    /// Types a comprehension's variable as a `for` statement types its own: an element of a
    /// local container built from one class of the file (`algs = [Alg(p) for p in paths]`;
    /// `[Thread(target=a.run) for a in algs]`), or of a container field whose elements are
    /// of one class (`[w.run for w in self.workers]`), is an object of that class.
    fn type_comprehension_target(&mut self, target: &Expr, iter: &Expr) {
        let Expr::Name(n) = target else { return };
        if self.frame().kind == FrameKind::Module {
            return;
        }
        let built = self.iterated_elements(iter).flatten().and_then(|kinds| {
            let first = kinds.first()?.ty.clone()?;
            kinds
                .iter()
                .all(|k| k.ty.as_ref() == Some(&first))
                .then(|| Name::new(&first))
        });
        let ty = built.or_else(|| {
            let field = self.iterated_field(iter)?;
            self.element_type(&field)
        });
        // Only a class of the checked code that starts nothing itself: a comprehension over
        // threads (`[t.start() for t in threads]`) is the handle analysis's, which reads
        // `for` statements only.
        let Some(ty) = ty.filter(|t| {
            !self.is_model_type(t.as_str())
                && (self.class_info.get(t.as_str()))
                    .is_some_and(|i| i.spawn.is_none() && i.server.is_none())
        }) else {
            return;
        };
        let name = n.id.as_str();
        let own = !matches!(self.lookup(name), Found::Local { .. });
        if own {
            let frame = self.frames.len() - 1;
            self.comp_locals.push((name.to_string(), frame));
        }
        if let Some(t @ Place::Local { .. }) = self.place_of(target) {
            // A local of the function's own keeps the type its other bindings gave it.
            if own || self.type_of(&t).is_none() {
                self.set_type(&t, ty);
            }
        }
    }

    fn iterate_handles(&mut self, iter: &Expr) {
        if let Some(c) = self.place_of(iter).filter(|c| self.spawned.contains(c)) {
            let span = self.span(iter.range());
            self.emit(Event::Access {
                place: c,
                kind: AccessKind::Read,
                atomic: Atomicity::Plain,
                span,
            });
        }
    }

    fn emit_spawn(&mut self, p: Pending, handle: Option<Place>, span: Span) {
        if let Some(h) = &handle {
            self.spawned.insert(h.clone());
        }
        self.emit(spawn_event(p, handle, false, span));
    }

    fn lower_args(&mut self, args: &ast::Arguments, skip: Option<&Expr>) {
        for a in args.args.iter() {
            if !skip.is_some_and(|s| std::ptr::eq(s, a)) && !self.inline_construction(a) {
                self.expr(a);
                self.handed_join(a);
            }
        }
        for k in &args.keywords {
            self.expr(&k.value);
            self.handed_join(&k.value);
        }
    }

    /// Records a local bound to a bound method of an object of a library type (`shutdown =
    /// self.executor.shutdown`, `wait = proc.wait`), and forgets one rebound to anything else.
    fn bind_method_alias(&mut self, targets: &[Expr], value: &Expr) {
        let [Expr::Name(n)] = targets else { return };
        let name = n.id.as_str();
        self.frame_mut().bound_methods.remove(name);
        let Expr::Attribute(a) = value else { return };
        let Some(place) = self.place_of(&a.value) else {
            return;
        };
        let library = self.type_of(&place).is_some_and(|t| self.is_model_type(&t));
        if library {
            self.frame_mut()
                .bound_methods
                .insert(name.to_string(), a.clone());
        }
    }

    /// A call of a local [`Self::bind_method_alias`] recorded, as the call of that method on
    /// that object with the call's arguments, spanning the call.
    fn bound_method_call(&self, c: &ast::ExprCall) -> Option<ast::ExprCall> {
        let Expr::Name(n) = &*c.func else { return None };
        let a = self.frame().bound_methods.get(n.id.as_str())?;
        let mut attr = a.clone();
        attr.range = c.func.range();
        let mut call = c.clone();
        call.func = Box::new(Expr::Attribute(attr));
        Some(call)
    }

    /// A resource's closing method handed on (`await asyncio.to_thread(proc.wait)`,
    /// `loop.run_in_executor(None, f.close)`, `atexit.register(pool.shutdown)`): the callee is
    /// given the close to run, as with a thread's join ([`Self::handed_join`]), so the resource
    /// is closed there. Whether it was one.
    fn handed_close(&mut self, attr: &ast::ExprAttribute) -> bool {
        let Some(place) = self.place_of(&attr.value) else {
            return false;
        };
        let method = attr.attr.as_str();
        let closes = self.type_of(&place).is_some_and(|t| {
            self.models
                .resource(&t)
                .is_some_and(|r| r.close.iter().any(|x| x == method))
                || self
                    .models
                    .executor(&t)
                    .is_some_and(|e| e.shutdown.iter().any(|x| x == method))
        });
        if !closes {
            return false;
        }
        let span = self.span(attr.range);
        self.emit(Event::MethodCall {
            place: place.clone(),
            method: Name::new(method),
            args: ThinVec::new(),
            span,
        });
        self.emit(Event::Close {
            resource: place,
            span,
        });
        true
    }

    /// A thread's or process's bound join method handed to a call (`await run_in_thread(t.join)`,
    /// `loop.run_in_executor(None, p.join)`, `atexit.register(t.join)`): the callee is given
    /// the join to run, so the handle is joined there.
    fn handed_join(&mut self, a: &Expr) {
        let Expr::Attribute(attr) = a else { return };
        let Some(place) = self.place_of(&attr.value) else {
            return;
        };
        let constructor = self
            .type_of(&place)
            .and_then(|t| self.models.spawn_constructor(&t));
        let span = self.span(attr.range);
        if constructor.is_none() && self.handed_close(attr) {
            return;
        }
        match constructor {
            Some(m) if m.join.iter().any(|j| j == attr.attr.as_str()) => {
                self.emit(Event::Join {
                    handle: self.joined_handle(&place),
                    timed: false,
                    span,
                });
            }
            // A submitted future's or a task's bound method handed on
            // (`self.assertRaises(E, future.result)`, `loop.call_later(t, task.cancel)`): the
            // callee is given the method to call, a use of the handle as calling it here is.
            // Not an attribute of a thread of a class of the program (`log(t.message)`).
            None if self.spawned.contains(&place) && self.type_of(&place).is_none() => {
                self.emit(Event::MethodCall {
                    place,
                    method: Name::new(&attr.attr),
                    args: ThinVec::new(),
                    span,
                });
            }
            _ => {}
        }
    }

    /// Lowers an argument constructing an object of a class of the checked code
    /// (`Svc(Cache())`) as stored in a local of its own, which stands for the argument
    /// ([`Self::arg_places`]): the callee's parameter, and the field it keeps it in, get the
    /// class. Threads and other model types are left to their own lowering.
    fn inline_construction(&mut self, a: &Expr) -> bool {
        let Expr::Call(c) = a else { return false };
        let Some(class) = self
            .constructed_type(c)
            .filter(|t| !self.models.is_model_type(t) && self.class_info.contains_key(t.as_str()))
        else {
            return false;
        };
        if self
            .class_info
            .get(class.as_str())
            .is_some_and(|i| i.spawn.is_some() || i.server.is_some())
        {
            return false;
        }
        let place = Place::Local {
            function: self.frame().qual,
            name: format!(
                "{}()#{}",
                class.rsplit('.').next().unwrap_or(&class),
                c.range().start().to_u32()
            )
            .into(),
        };
        let out = self.call(c, Some(&place), false);
        if out.pending.is_some() {
            return true;
        }
        self.after_store_call(&place, &out, c.range());
        self.inline_objects.push((c.range(), place));
        true
    }

    /// Keyword arguments that are places (`f(lock=self._lock)`), by name.
    /// The places a blocking call is given, also inside a list, tuple or set display
    /// (`concurrent.futures.wait([fut])` consults `fut`).
    fn blocking_args(&self, args: &ast::Arguments) -> ThinVec<Place> {
        let mut out = ThinVec::new();
        let values = args
            .args
            .iter()
            .chain(args.keywords.iter().map(|k| &k.value));
        for a in values {
            match a {
                Expr::List(ast::ExprList { elts, .. })
                | Expr::Tuple(ast::ExprTuple { elts, .. })
                | Expr::Set(ast::ExprSet { elts, .. }) => {
                    out.extend(elts.iter().filter_map(|e| self.place_of(e)));
                }
                _ => out.extend(self.place_of(a)),
            }
        }
        out
    }

    /// [`Self::kwarg_places`], with the functions of the checked code passed by keyword
    /// (`Client(on_error=report)`), as [`Self::with_functions`] does for positional ones.
    fn kwargs_with_functions(&self, args: &ast::Arguments) -> ThinVec<(Name, Place)> {
        self.keyword_places(args, true)
    }

    fn kwarg_places(&self, args: &ast::Arguments) -> ThinVec<(Name, Place)> {
        self.keyword_places(args, false)
    }

    /// The places passed by keyword, and with `functions` the functions named there.
    fn keyword_places(&self, args: &ast::Arguments, functions: bool) -> ThinVec<(Name, Place)> {
        let mut out: ThinVec<(Name, Place)> = args
            .keywords
            .iter()
            .filter_map(|k| {
                let place = self
                    .pipe_of(&k.value)
                    .or_else(|| self.place_of(&k.value))
                    .or_else(|| functions.then(|| self.function_ref(&k.value)).flatten())?;
                Some((Name::new(k.arg.as_ref()?.as_str()), place))
            })
            .collect();
        // The locals of a list or tuple written as the value (`sockets=[sock]`) are handed to
        // the callee too, under the keyword's name.
        for k in &args.keywords {
            let (
                Some(arg),
                Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }),
            ) = (&k.arg, &k.value)
            else {
                continue;
            };
            for e in elts {
                if let Some(place @ Place::Local { .. }) = self.place_of(e) {
                    out.push((Name::new(arg.as_str()), place));
                }
            }
        }
        out
    }

    fn arg_places(&self, args: &ast::Arguments) -> ThinVec<Option<Place>> {
        args.args
            .iter()
            .map(|a| {
                self.closing_method_of(a)
                    .or_else(|| self.pipe_of(a))
                    .or_else(|| self.place_of(a))
                    .or_else(|| self.inline_object(a))
            })
            .collect()
    }

    /// A method modelled as opening a resource (`pathlib.Path.open`), called on an object of
    /// its type: the resource is opened into `dest`.
    fn open_by_method(&mut self, api: &str, dest: Option<&Place>, managed: bool, span: Span) {
        if let Some(r) = self.models.resource(api) {
            self.emit(Event::Open {
                resource: dest.cloned(),
                api: Name::new(&r.open),
                managed,
                span,
            });
        }
    }

    /// The local standing for an argument that constructs an object ([`Self::inline_construction`]).
    fn inline_object(&self, e: &Expr) -> Option<Place> {
        let Expr::Call(c) = e else { return None };
        self.inline_objects
            .iter()
            .rev()
            .find(|(r, _)| *r == c.range())
            .map(|(_, p)| p.clone())
    }

    /// A pipe the function tracks passed as an argument (`reader(proc.stdout)`): the pipe's own
    /// local, so the call hands it on unless the callee only borrows it.
    fn pipe_of(&self, e: &Expr) -> Option<Place> {
        let Expr::Attribute(a) = e else { return None };
        let Expr::Name(n) = &*a.value else {
            return None;
        };
        self.frame()
            .pipes
            .iter()
            .find(|p| p.local == n.id.as_str() && p.keyword == a.attr.as_str())
            .map(|p| p.place.clone())
    }

    /// A resource's closing method passed as a value (`loop.call_soon(executor.shutdown)`,
    /// `atexit.register(proc.kill)`): whoever calls it closes the resource, so the argument is
    /// the resource's local itself.
    fn closing_method_of(&self, e: &Expr) -> Option<Place> {
        let Expr::Attribute(a) = e else { return None };
        if !matches!(&*a.value, Expr::Name(_)) {
            return None;
        }
        let place @ Place::Local { .. } = self.place_of(&a.value)? else {
            return None;
        };
        let attr = a.attr.as_str();
        // A local whose type only the whole program knows (a helper of another module returned
        // it): its `close` handed on is still its closing.
        let Some(ty) = self.type_of(&place) else {
            return matches!(attr, "close" | "aclose").then_some(place);
        };
        let model = self.models.resource(ty.as_str())?;
        (model.close.iter().any(|c| c == attr) || model.liveness.iter().any(|c| c == attr))
            .then_some(place)
    }

    /// The arguments of a call, a function of the checked code passed by name included
    /// (`run_later(work)`, as a global naming it): a callee that starts its parameter on a
    /// thread starts that function (`contexts`).
    fn call_arg_places(&self, args: &ast::Arguments) -> ThinVec<Option<Place>> {
        self.with_functions(args, self.arg_places(args))
    }

    /// `places` (the arguments' places) with the functions passed by name, and the lambdas
    /// written there, filled in.
    fn with_functions(
        &self,
        args: &ast::Arguments,
        mut places: ThinVec<Option<Place>>,
    ) -> ThinVec<Option<Place>> {
        for (a, p) in args.args.iter().zip(places.iter_mut()) {
            if p.is_none() {
                *p = self
                    .function_ref(a)
                    .or_else(|| self.partial_function(a))
                    .or_else(|| match a {
                        Expr::Lambda(l) => {
                            self.lambdas_at.get(&l.range).copied().map(Place::Global)
                        }
                        _ => None,
                    });
            }
        }
        places
    }

    /// A call a blocking model names, with the places it is given.
    fn emit_blocking(&mut self, b: &BlockingModel, args: &ast::Arguments, span: Span) {
        let args = self.blocking_args(args);
        self.emit(Event::Blocking {
            api: Name::new(&b.call),
            instead: b.instead.clone().map(Name::from),
            args,
            span,
        });
    }

    /// A call of `class`'s method `method` with `args` (already lowered), on `receiver` (`None`:
    /// the caller's own object, or none for a static method).
    fn emit_method_call(
        &mut self,
        class: Name,
        method: &str,
        args: &ast::Arguments,
        receiver: Option<Place>,
        span: Span,
    ) {
        let arg_places = self.call_arg_places(args);
        self.emit(Event::Call {
            callee: Callee::Method {
                class,
                method: Name::new(method),
            },
            args: arg_places,
            kwargs: self.kwarg_places(args),
            receiver,
            span,
        });
    }

    /// The function `functools.partial(f, ..)` calls, as a value: `f` by name, or the bound
    /// method `self._on_event`.
    fn partial_function(&self, e: &Expr) -> Option<Place> {
        let Expr::Call(c) = e else { return None };
        if self.qualname_of(&c.func).as_deref() != Some("functools.partial") {
            return None;
        }
        let f = c.arguments.args.first()?;
        self.function_ref(f).or_else(|| self.place_of(f))
    }

    /// A function of the checked code named as a value (`on_message` in `target=on_message`
    /// or `client.on_message = on_message`), as the place `Place::Global` of its name.
    fn function_ref(&self, e: &Expr) -> Option<Place> {
        let Expr::Name(n) = e else {
            return None;
        };
        let found = self.lookup(n.id.as_str());
        let function = matches!(
            found,
            Found::ClassDef(_, false) | Found::LocalDef(_, _, false) | Found::ModuleDef(_, false)
        );
        match (function, self.materialize(n.id.as_str(), found)) {
            (true, Res::Def(q, false)) => Some(Place::Global(q)),
            _ => None,
        }
    }

    /// `t = Thread(.., daemon=True)`: recorded as `t.daemon = True` would be, a write of the
    /// local's `daemon` attribute, so lifecycle rules see a daemon worker either way.
    fn daemon_flag(
        &mut self,
        args: &ast::Arguments,
        m: &SpawnModel,
        dest: Option<&Place>,
        span: Span,
    ) {
        let (Some(r), Some(Place::Local { function, name })) = (&m.daemon, dest) else {
            return;
        };
        if arg_ref(args, r).is_none_or(|v| is_false(v) || v.is_none_literal_expr()) {
            return;
        }
        let place = Place::Local {
            function: *function,
            name: format!("{name}.daemon").into(),
        };
        self.emit(Event::Access {
            place,
            kind: AccessKind::Write,
            atomic: Atomicity::Plain,
            span,
        });
    }

    /// `Condition(lock=l)`: the lock given by keyword goes where the model's `wraps` position
    /// expects it, as if passed positionally.
    fn wrapped_lock_by_keyword(
        &self,
        ty: &str,
        args: &ast::Arguments,
        places: &mut ThinVec<Option<Place>>,
    ) {
        let Some(m) = self.models.lock(ty) else {
            return;
        };
        let (Some(at), Some(keyword)) = (m.wraps, m.wraps_keyword.as_deref()) else {
            return;
        };
        let Some(kw) = args.find_keyword(keyword) else {
            return;
        };
        if places.len() <= at {
            places.resize(at + 1, None);
        }
        places[at] = self.place_of(&kw.value);
    }

    /// `proc = Popen(.., stdout=PIPE)`: each pipe asked for is a resource of its own (at its
    /// keyword), unless the function hands it, or the process, on.
    fn open_pipes(
        &mut self,
        api: &str,
        model: &PipesModel,
        local: &str,
        args: &ast::Arguments,
        managed: bool,
    ) {
        let asked: Vec<&ast::Keyword> = args
            .keywords
            .iter()
            .filter(|k| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| model.keywords.iter().any(|m| m == a.as_str()))
                    && self.qualname_of(&k.value).as_deref() == Some(model.value.as_str())
            })
            .collect();
        if asked.is_empty() {
            return;
        }
        let asked: Vec<(&str, Span)> = asked
            .iter()
            .filter_map(|k| Some((k.arg.as_ref()?.as_str(), self.span(k.range()))))
            .collect();
        self.open_pipe_keywords(api, model, local, &asked, managed);
    }

    /// Opens the pipes `asked` (keyword, where it is asked for) of the process in `local`,
    /// unless the function hands them, or the process, on; `managed` by a `with` statement.
    fn open_pipe_keywords(
        &mut self,
        api: &str,
        model: &PipesModel,
        local: &str,
        asked: &[(&str, Span)],
        managed: bool,
    ) {
        let names: Vec<&str> = asked.iter().map(|(k, _)| *k).collect();
        let handed = super::pipes::handed_on(self.frame().body, local, &names);
        let function = self.frame().qual;
        for &(keyword, span) in asked {
            if handed.contains(&keyword) {
                continue;
            }
            let place = Place::Local {
                function,
                name: Name::new(&format!("{local}.{keyword}")),
            };
            self.emit(Event::Open {
                resource: Some(place.clone()),
                api: Name::new(&format!("{api}.{keyword}")),
                managed,
                span,
            });
            let pipe = Pipe {
                local: local.to_string(),
                keyword: keyword.to_string(),
                place,
                closed_by: model.closed_by.clone(),
            };
            let pipes = &mut self.frame_mut().pipes;
            pipes.retain(|p| !(p.local == pipe.local && p.keyword == pipe.keyword));
            pipes.push(pipe);
        }
    }

    /// For a function returning a process it starts with pipes (`proc = subprocess.Popen(cmd,
    /// stdout=PIPE); return proc`, or `return Popen(..)`): the model's open API and the pipes
    /// every such start asks for.
    fn returned_piped_process(&self, f: &ast::StmtFunctionDef) -> Option<(String, Vec<String>)> {
        let mut found: Option<(String, Vec<String>)> = None;
        for c in super::pipes::returned_calls(&f.body) {
            let Some(q) = self.qualname_of(&c.func) else {
                continue;
            };
            let Some(r) = self.models.resource(&q) else {
                continue;
            };
            let Some(pipes) = &r.pipes else { continue };
            let asked: Vec<String> = (c.arguments.keywords.iter())
                .filter(|k| self.qualname_of(&k.value).as_deref() == Some(pipes.value.as_str()))
                .filter_map(|k| k.arg.as_ref().map(|a| a.as_str().to_string()))
                .filter(|a| pipes.keywords.contains(a))
                .collect();
            match &mut found {
                // Only the pipes every start asks for.
                Some((_, kept)) => kept.retain(|k| asked.contains(k)),
                None => found = Some((r.open.clone(), asked)),
            }
        }
        found.filter(|(_, kept)| !kept.is_empty())
    }

    /// Closes the pipes `e` names: `proc` all of them (`with proc:`, `proc.communicate()`),
    /// `proc.stdout` that one.
    fn close_pipes(&mut self, e: &Expr, span: Span) {
        if self.frame().pipes.is_empty() {
            return;
        }
        let (local, keyword) = match e {
            Expr::Name(n) => (n.id.as_str(), None),
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(n) => (n.id.as_str(), Some(a.attr.as_str())),
                _ => return,
            },
            _ => return,
        };
        let closed: Vec<Place> = self
            .frame()
            .pipes
            .iter()
            .filter(|p| p.local == local && keyword.is_none_or(|k| k == p.keyword))
            .map(|p| p.place.clone())
            .collect();
        for resource in closed {
            self.emit(Event::Close { resource, span });
        }
    }

    fn method_call(
        &mut self,
        c: &ast::ExprCall,
        a: &ast::ExprAttribute,
        dest: Option<&Place>,
        managed: bool,
    ) -> CallOut {
        let span = self.span(c.range());
        let method = a.attr.as_str();
        let args = &c.arguments;
        let models = self.models;
        // `proc.stdout.close()` closes that pipe, `proc.communicate()` every one.
        if !self.frame().pipes.is_empty() {
            let closes =
                match &*a.value {
                    Expr::Attribute(_) => method == "close",
                    Expr::Name(n) => self.frame().pipes.iter().any(|p| {
                        p.local == n.id.as_str() && p.closed_by.iter().any(|m| m == method)
                    }),
                    _ => false,
                };
            if closes {
                self.close_pipes(&a.value, span);
            }
        }
        // `self._locks.append(Lock())`, `self._locks.setdefault(k, Lock())`: a container of locks.
        if matches!(
            method,
            "append" | "appendleft" | "add" | "insert" | "setdefault"
        ) {
            if let Some(Expr::Call(made)) = args.args.last() {
                let ty = self
                    .constructed_type(made)
                    .filter(|t| models.lock(t).is_some())
                    .map(|t| Name::new(&t));
                if ty.is_some() {
                    let container = self.place_of(&a.value);
                    self.declare_element_lock(container, ty, c.range());
                }
            }
        }
        // `super().m(..)`: the method of a base class, on this instance.
        if let Some((base, this)) = self.super_target(&a.value) {
            self.lower_args(args, None);
            self.emit_method_call(base.into(), method, args, Some(this), span);
            return CallOut::default();
        }
        // `type(self).m(..)`, `self.__class__.m(..)`: the method of the object's class, on it.
        if let Some(class) = self.class_of_object_expr(&a.value) {
            self.lower_args(args, None);
            self.emit_method_call(class, method, args, None, span);
            return CallOut::default();
        }
        // `cond = self._cond; cond.wait()`: a method of the lock the local stands for.
        let mut recv_place = self.place_of(&a.value).map(|p| self.aliased_lock(p));
        // `self._get_pool().submit(f)`, `self._get_lock().acquire()`: a method of what the
        // getter returns, after the getter itself runs (it may make it).
        if recv_place.is_none() {
            if let Some(got) = self.getter_place(&a.value) {
                self.expr(&a.value);
                recv_place = Some(got);
            }
        }
        let Some(place) = recv_place else {
            // `Thread(target=f).start()`: a spawn object started at once, its handle dropped.
            if let Expr::Call(inner) = &*a.value {
                // `threading.current_thread().join()`: the running thread joins itself.
                if let Some(q) = self.qualname_of(&inner.func).filter(|q| {
                    models.spawns().any(|s| {
                        s.current.iter().any(|c| c == q) && s.join.iter().any(|j| j == method)
                    })
                }) {
                    self.lower_args(args, None);
                    self.emit(Event::Join {
                        handle: Place::Global(q),
                        timed: timed_join(args),
                        span,
                    });
                    return CallOut::default();
                }
                let start = self.out.len();
                let out = self.call(inner, None, false);
                // `executor.submit(f).result()`: the work is waited for at once, a join of
                // the handle the submit returns (kept in a place of its own, `submit()`).
                if models
                    .executors()
                    .any(|ex| ex.handle_waits.iter().any(|w| w == method))
                {
                    if let Some(handle) = self.handle_waited_at_once(start, method) {
                        self.lower_args(args, None);
                        // As on a named handle: the call, then the wait it makes.
                        self.emit(Event::MethodCall {
                            place: handle.clone(),
                            method: Name::new(method),
                            args: ThinVec::new(),
                            span,
                        });
                        self.emit(Event::Join {
                            handle,
                            timed: timed_join(args),
                            span,
                        });
                        return CallOut::default();
                    }
                }
                if let Some(p) = out.pending.filter(|p| p.start.as_deref() == Some(method)) {
                    self.lower_args(args, None);
                    self.emit_spawn(p, None, span);
                    return CallOut::default();
                }
                // `pool.submit(f).add_done_callback(cb)`.
                if let Some(cb) = out
                    .callbacks
                    .filter(|cb| cb.methods.iter().any(|m| m == method))
                {
                    self.done_callback(args, &cb, method, span);
                    return CallOut::default();
                }
                if let Some(ty) = &out.ty {
                    // `asyncio.get_running_loop().create_task(coro)`.
                    let api = dotted(ty, method);
                    if let Some(m) = models.spawn_call(&api) {
                        self.nested_thread_spawn(args, m, dest);
                        let pending = self.spawn_from_model(args, m, &api);
                        self.emit_spawn(pending, dest.cloned(), span);
                        return CallOut::default();
                    }
                    // `asyncio.get_running_loop().run_in_executor(None, f)`: a distinctive
                    // method name spawns on a factory's result as on a local bound to it.
                    if let Some(m) = models
                        .spawn_method("python", method)
                        .filter(|_| models.is_factory_type(ty))
                    {
                        let pending = self.spawn_from_model(args, m, method);
                        self.emit_spawn(pending, dest.cloned(), span);
                        return CallOut::default();
                    }
                    self.lower_args(args, None);
                    self.open_by_method(&api, dest, managed, span);
                    if let Some(b) = models.blocking(&api) {
                        self.emit_blocking(b, args, span);
                    } else {
                        self.emit_method_call(Name::new(ty), method, args, None, span);
                    }
                    return CallOut::default();
                }
            } else {
                self.expr(&a.value);
            }
            return self.dynamic_call(c, method, dest, span);
        };
        // The receiver's sub-expressions (an index) still run.
        if let Expr::Subscript(s) = &*a.value {
            self.expr(&s.slice);
        }
        let self_class = self.self_class(&place);
        let ty = (self_class.or_else(|| self.type_of(&place)))
            .or_else(|| self.duck_method_class(&place, method));
        // A method of the checked code's own class (or of a known user class).
        if let Some(class) = ty.as_ref().filter(|t| !self.is_model_type(t)) {
            let class = *class;
            self.lower_args(args, None);
            // A library class typed by an annotation or a constructor (`p: Path`, `p =
            // Path(name)`) whose method a model names as opening a resource: `p.open()`.
            // (Its other modelled methods are left alone: a `Future` the code completes itself
            // is often read only once it is done.)
            let api = dotted(&class, method);
            let opens = models.resource(&api).is_some();
            if opens && !self.class_info.contains_key(class.as_str()) {
                self.open_by_method(&api, dest, managed, span);
                let blocks = models.blocking(&api).filter(|_| self.nonblocking_try == 0);
                if let Some(b) = blocks {
                    self.emit_blocking(b, args, span);
                }
                return CallOut::default();
            }
            let subclass_start = self
                .class_info
                .get(class.as_str())
                .and_then(|i| i.spawn.clone())
                .filter(|_| method == "start");
            if let Some((api, entry, ctx)) = subclass_start {
                let pending = self.pending.get(&place).cloned();
                let target = pending.and_then(|p| p.target).or(Some(Callee::Method {
                    class,
                    method: entry.into(),
                }));
                let handle = if self_class.is_some() {
                    None
                } else {
                    Some(place.clone())
                };
                self.emit_spawn(
                    Pending {
                        receiver: None,
                        target,
                        ctx,
                        api,
                        args: Vec::new(),
                        start: None,
                    },
                    handle,
                    span,
                );
                return CallOut::default();
            }
            // A join method of the spawn model the class derives from (`Thread.join`), not a
            // method of the same name another model has (a queue listener's `stop`).
            let joins_base = (self.class_info.get(class.as_str()))
                .and_then(|i| i.spawn.as_ref())
                .and_then(|(api, ..)| self.models.spawn_constructor(api))
                .is_some_and(|m| m.join.iter().any(|j| j == method));
            if joins_base && self_class.is_none() {
                self.emit(Event::Join {
                    handle: self.joined_handle(&place),
                    timed: timed_join(args),
                    span,
                });
                return CallOut::default();
            }
            let arg_places = self.call_arg_places(args);
            // A mutating method the program defines (`store.add(k, v)` of its own class) is
            // judged by its body's accesses, not as a write of the place holding the object.
            if self_class.is_none()
                && self.is_shared(&a.value, &place)
                && is_mutator(method)
                && self
                    .class_or_base_where(class.as_str(), |i| i.mutators.iter().any(|m| m == method))
                    .is_none()
            {
                self.access(place.clone(), AccessKind::Write, c.range());
            }
            // `self.on_message(..)` through a property returning `self._on_message`: a call of
            // what that attribute holds.
            let method = self
                .property_field(class.as_str(), method)
                .unwrap_or_else(|| method.to_string());
            self.emit(Event::Call {
                callee: Callee::Method {
                    class,
                    method: Name::new(&method),
                },
                args: arg_places,
                kwargs: self.kwarg_places(args),
                receiver: Some(place.clone()),
                span,
            });
            // `self._get_pool()` returning `self._pool`: what the field holds.
            let ty = (self
                .class_or_base_where(class.as_str(), |i| i.field_getters.contains_key(&method)))
            .and_then(|i| i.field_getters.get(&method))
            .and_then(|field| {
                self.type_of(&Place::Field {
                    class,
                    field: Name::new(field),
                })
            })
            .map(|t| t.to_string());
            return CallOut {
                ty,
                ..CallOut::default()
            };
        }
        // A spawning method of a modelled type: `loop.create_task(coro)`.
        if let Some((api, m)) = ty.as_ref().and_then(|t| {
            let api = dotted(t, method);
            let m = models.spawn_call(&api)?;
            Some((api, m))
        }) {
            self.nested_thread_spawn(args, m, dest);
            let pending = self.spawn_from_model(args, m, &api);
            self.emit_spawn(pending, dest.cloned(), span);
            return CallOut::default();
        }
        // Lock operations.
        let lock_model = ty.as_ref().and_then(|t| models.lock(t));
        let (is_acq, is_try, is_rel) = match lock_model {
            Some(m) => (
                m.acquire
                    .iter()
                    .chain(&m.read)
                    .chain(&m.write)
                    .any(|x| x == method),
                m.try_acquire.iter().any(|x| x == method),
                m.release.iter().any(|x| x == method),
            ),
            None if ty.is_none() => (
                self.acquire.contains(method),
                self.try_acquire.contains(method),
                self.release.contains(method),
            ),
            None => (false, false, false),
        };
        if is_acq || is_try {
            self.lower_args(args, None);
            // Arguments handed on (`self._lock.acquire(*args, **kwargs)` in a wrapper) are the
            // caller's to decide, as a `timeout` passed on is: not known to block.
            let forwarded = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
                || args.keywords.iter().any(|k| k.arg.is_none());
            // An async lock's acquire handed to a timeout (`asyncio.wait_for(lock.acquire(),
            // 5)`) gives up instead of waiting forever; it holds the lock once the call
            // returns, as the timeout raises (`ModuleFacts::timed_acquires`).
            if self.timed > 0 && lock_model.is_some_and(|m| m.is_async) {
                self.timed_acquires.push(span);
            }
            let blocking = !is_try
                && !forwarded
                && !args.args.first().is_some_and(is_false)
                && args.args.get(1).is_none()
                && !args
                    .keywords
                    .iter()
                    .any(|k| match k.arg.as_ref().map(|a| a.as_str()) {
                        Some("blocking") => is_false(&k.value),
                        Some("timeout") => !matches!(&k.value, Expr::NoneLiteral(_)),
                        _ => false,
                    });
            let mode = match lock_model {
                Some(m) if m.read.iter().any(|x| x == method) => LockMode::Read,
                Some(m) if m.write.iter().any(|x| x == method) => LockMode::Write,
                _ => LockMode::Exclusive,
            };
            let lock = self
                .element_lock_of(&a.value)
                .unwrap_or_else(|| self.acquired_lock(place));
            self.emit(Event::Acquire(LockUse {
                lock,
                mode,
                blocking,
                is_async: lock_model.is_some_and(|m| m.is_async),
                api: lock_model.map(|m| m.new.clone()).map(Name::from),
                owner: self.owner_of(&a.value),
                span,
            }));
            return CallOut::default();
        }
        if is_rel {
            self.lower_args(args, None);
            let lock = self
                .element_lock_of(&a.value)
                .unwrap_or_else(|| self.acquired_lock(place));
            self.emit(Event::Release { lock, span });
            return CallOut::default();
        }
        // Executors: `ex.submit(f, ...)`, `ex.map(f, it)`.
        if let Some(ex) = ty.as_ref().and_then(|t| models.executor(t)) {
            let is_submit = ex.submit.iter().any(|m| m == method);
            let is_map = ex.map.iter().any(|m| m == method);
            if is_submit || is_map {
                let target_expr = args.args.first();
                self.lower_args(args, target_expr);
                let target = target_expr.and_then(|t| self.target_callee(t));
                let receiver = target_expr.and_then(|t| self.receiver_of(t));
                // `submit(f, *args)` hands `f` its arguments; `map(f, items)` an item of each.
                let spawn_args = (args.args.iter().skip(1))
                    .map(|a| match is_submit {
                        true => self.spawn_arg_place(a),
                        false => self.place_of(a),
                    })
                    .collect();
                let api = format!("{}.{method}", ex.new);
                let callbacks =
                    (is_submit && !ex.done_callback.is_empty()).then(|| DoneCallbacks {
                        methods: ex.done_callback.clone(),
                        ctx: ctx_of(&ex.context),
                        api: api.clone(),
                    });
                if let (Some(cb), Some(d)) = (&callbacks, dest) {
                    self.callbacks.insert(d.clone(), cb.clone());
                }
                if let (true, Some(d)) = (is_submit && !ex.handle_waits.is_empty(), dest) {
                    self.handle_waits.insert(d.clone(), &ex.handle_waits);
                }
                let pending = Pending {
                    receiver,
                    target,
                    ctx: ctx_of(&ex.context),
                    api,
                    args: spawn_args,
                    start: None,
                };
                let handle = if is_submit { dest.cloned() } else { None };
                // `apply_async(f, error_callback=log)`: the pool hands `log` the exception.
                let reports = (ex.error_callback.as_ref())
                    .and_then(|r| arg_ref(args, r))
                    .is_some_and(|e| !matches!(e, Expr::NoneLiteral(_)));
                if is_submit && reports {
                    self.error_reported_submits.push(span);
                }
                let single = self.single_worker.get(&place) == Some(&true);
                if ex.context == "thread" {
                    self.pool_submits.push((span, place.clone(), single));
                }
                if single {
                    // One worker: the jobs run one after another, never two at once.
                    if let Some(h) = &handle {
                        self.spawned.insert(h.clone());
                    }
                    self.emit(spawn_event(pending, handle, true, span));
                } else {
                    self.emit_spawn(pending, handle, span);
                }
                return CallOut {
                    callbacks,
                    ..CallOut::default()
                };
            }
        }
        // `fut.add_done_callback(cb)` on a pool's future: `cb` runs on the worker's side, and
        // is handed the future (a use of it: KN302).
        if let Some(cb) = self
            .callbacks
            .get(&place)
            .filter(|cb| cb.methods.iter().any(|m| m == method))
            .cloned()
        {
            self.emit(Event::MethodCall {
                place: place.clone(),
                method: Name::new(method),
                args: ThinVec::new(),
                span,
            });
            self.done_callback(args, &cb, method, span);
            return CallOut::default();
        }
        // Distinctive method names (`loop.run_in_executor`) spawn whatever the receiver is, when
        // its type is unknown or only a factory's (the loop `get_running_loop()` returns).
        if let Some(m) = models
            .spawn_method("python", method)
            .filter(|_| ty.as_ref().is_none_or(|t| models.is_factory_type(t)))
        {
            let pending = self.spawn_from_model(args, m, method);
            self.emit_spawn(pending, dest.cloned(), span);
            return CallOut::default();
        }
        if ty.is_none() && is_mutator(method) {
            // `futures.append(pool.submit(f))`: the container keeps what the argument spawns;
            // `threads.append(Thread(target=f))` holds one more kind of thread.
            for a in args.args.iter() {
                let out = self.value_into(a, Some(&place));
                if method == "append" {
                    self.element_of(Some(&place), out);
                }
            }
            for k in &args.keywords {
                self.expr(&k.value);
            }
        } else {
            self.lower_args(args, None);
        }
        // `t.start()` of a constructed spawn object.
        let spawn_model = ty.as_ref().and_then(|t| models.spawn_constructor(t));
        let starts = match spawn_model {
            Some(m) => m.start.as_deref() == Some(method),
            None => {
                ty.is_none()
                    && self
                        .pending
                        .get(&place)
                        .is_some_and(|p| p.start.as_deref() == Some(method))
            }
        };
        if starts {
            let pending = self
                .pending
                .get(&place)
                .cloned()
                .unwrap_or_else(|| Pending {
                    receiver: None,
                    target: None,
                    ctx: spawn_model
                        .map(|m| ctx_of(&m.context))
                        .unwrap_or(ExecCtx::Thread),
                    api: ty.map(String::from).unwrap_or_default(),
                    args: Vec::new(),
                    start: None,
                });
            // `for t in [Thread(target=a), Thread(target=b)]: t.start()` starts `a` or `b` on
            // each turn, each once.
            if let Some(alternatives) = self.alternatives.get(&place).cloned() {
                self.spawned.insert(place.clone());
                let arms = alternatives
                    .into_iter()
                    .map(|(p, once)| {
                        vec![IrStmt::Event(spawn_event(
                            p,
                            Some(place.clone()),
                            once,
                            span,
                        ))]
                    })
                    .collect();
                self.out.push(IrStmt::Branch {
                    cond: ThinVec::new(),
                    arms,
                    span,
                });
                return CallOut::default();
            }
            if self.started_once.contains(&place) {
                self.spawned.insert(place.clone());
                self.emit(spawn_event(pending, Some(place), true, span));
                return CallOut::default();
            }
            self.emit_spawn(pending, Some(place), span);
            return CallOut::default();
        }
        let mut emitted = false;
        let is_join = match spawn_model {
            Some(m) => m.join.iter().any(|j| j == method),
            // An untyped place joins only when it is known to hold started work.
            None => {
                self.joins.contains(method)
                    && (self.pending.contains_key(&place) || self.spawned.contains(&place))
            }
        };
        let is_close = match ty.as_ref().and_then(|t| models.resource(t)) {
            Some(r) => r.close.iter().any(|x| x == method),
            None => {
                (ty.is_none() && self.closes.contains(method))
                    || ty
                        .as_ref()
                        .and_then(|t| models.executor(t))
                        .is_some_and(|e| e.shutdown.iter().any(|s| s == method))
            }
        };
        if let Some(t) = &ty {
            self.open_by_method(&dotted(t, method), dest, managed, span);
        }
        if let Some(b) = ty
            .as_ref()
            .filter(|_| self.nonblocking_try == 0)
            .and_then(|t| models.blocking(&dotted(t, method)))
            .filter(|b| {
                // `while not q.empty(): q.get()` finds an item at once.
                let tested = spelled_callable(&a.value).is_some_and(|recv| {
                    self.frame()
                        .nonempty
                        .iter()
                        .any(|(r, m)| *r == recv && b.unless_tested.contains(m))
                });
                if tested {
                    return false;
                }
                let flags = self.constructed_with.get(&place);
                !b.unless_constructed_with
                    .iter()
                    .any(|n| flags.is_some_and(|f| f.iter().any(|x| x.as_str() == n)))
                    && !b
                        .unless_false
                        .iter()
                        .any(|r| arg_ref(args, r).is_some_and(is_false_literal))
            })
        {
            self.emit_blocking(b, args, span);
        }
        // `cache.pop(k)` on an untyped local alias of a shared container changes the container.
        let alias = ty
            .is_none()
            .then(|| self.container_alias(&a.value))
            .flatten();
        let shared = alias.is_some() || self.is_shared(&a.value, &place);
        let accessed = alias.unwrap_or_else(|| place.clone());
        let builtin_container = ty.is_none()
            || ty
                .as_deref()
                .is_some_and(|t| !self.is_model_type(t) && !self.is_class_like(t));
        let mut passed: Vec<Place> = self.arg_places(args).into_iter().flatten().collect();
        passed.extend(self.kwarg_places(args).into_iter().map(|(_, p)| p));
        if builtin_container && !is_join && !is_close && is_mutator(method) {
            // `self._workers.append(w)` of started work: the container keeps it, and a loop
            // over it elsewhere joins it (`for w in self._workers: w.join()`).
            if matches!(method, "append" | "add" | "appendleft" | "insert") {
                let started: Vec<Place> = (passed.iter())
                    .filter(|p| self.spawned.contains(*p))
                    .cloned()
                    .collect();
                for h in started {
                    self.element_handles.push((h, place.clone()));
                    self.spawned.insert(place.clone());
                }
            }
            // `children.append((proc, queue))` keeps each element of the tuple.
            for a in &args.args {
                if let Expr::Tuple(ast::ExprTuple { elts, .. })
                | Expr::List(ast::ExprList { elts, .. }) = a
                {
                    passed.extend(elts.iter().filter_map(|e| self.place_of(e)));
                }
            }
            // `self._events[k].clear()` changes an element, not the container holding it.
            let kind = if matches!(&*a.value, Expr::Subscript(_)) {
                AccessKind::Read
            } else {
                AccessKind::Write
            };
            if shared {
                self.access(accessed.clone(), kind, c.range());
                if kind == AccessKind::Write && only_adds(method) {
                    let span = self.span(c.range());
                    self.adding_writes.push(span);
                }
                if kind == AccessKind::Write && removes_idempotently(method, args) {
                    let span = self.span(c.range());
                    self.removing_writes.push(span);
                }
            }
            // `socks.append(sock)` also hands `sock` to the container: kept as a method call
            // with its arguments.
            emitted = passed.is_empty();
        } else if builtin_container && !is_join && !is_close && is_reader(method) && ty.is_none() {
            if shared {
                self.access(accessed.clone(), AccessKind::Read, c.range());
            } else if self.spawned.contains(&place) {
                // `for name, fut in tasks.items()`: the handles a local keeps are looked at.
                let span = self.span(c.range());
                self.emit(Event::Access {
                    place: place.clone(),
                    kind: AccessKind::Read,
                    atomic: Atomicity::Plain,
                    span,
                });
            }
            emitted = true;
        }
        if method == "bind" && binds_port_zero(args) {
            self.ephemeral_binds.push(span);
        }
        if !emitted {
            self.emit(Event::MethodCall {
                place: place.clone(),
                method: Name::new(method),
                args: passed.into(),
                span,
            });
        }
        if is_join {
            self.emit(Event::Join {
                handle: self.joined_handle(&place),
                timed: timed_join(args),
                span,
            });
        } else if (self.handle_waits.get(&place)).is_some_and(|w| w.iter().any(|m| m == method)) {
            // `fut.result()`: waits for the work the future stands for, a join of it.
            self.emit(Event::Join {
                handle: place.clone(),
                timed: timed_join(args),
                span,
            });
        } else if let Some(ex) = ty.as_ref().and_then(|t| models.executor(t)) {
            // `executor.shutdown()`, `pool.join()`: a wait for every task handed to the pool
            // (`ModuleFacts::pool_submits` names the pool of each), unless told not to wait.
            let waits = ex.waits_for_work.iter().any(|w| w == method)
                && !(ex.waits_unless_false.as_ref())
                    .is_some_and(|r| arg_ref(args, r).is_some_and(is_false_literal));
            if waits {
                self.emit(Event::Join {
                    handle: place.clone(),
                    timed: false,
                    span,
                });
            }
        }
        if is_close {
            // `for sock in socks: sock.close()`: each element closed closes `socks`'s (the
            // variable itself, not a part of it: `entry[1].close()`).
            let container = matches!(&*a.value, Expr::Name(_))
                .then(|| self.loop_containers.get(&place).cloned())
                .flatten();
            if let Some(container) = container {
                self.emit(Event::Close {
                    resource: container,
                    span,
                });
            }
            self.emit(Event::Close {
                resource: place,
                span,
            });
        }
        CallOut::default()
    }

    /// The submit of pool work just lowered (from `start` on), whose handle `method` waits for:
    /// its handle, dropped until now, is kept in a place named after the call (`submit()`).
    fn handle_waited_at_once(&mut self, start: usize, method: &str) -> Option<Place> {
        let models = self.models;
        let function = self.frame().qual;
        let spawn = self.out[start..].iter_mut().rev().find_map(|s| match s {
            IrStmt::Event(Event::Spawn {
                handle: handle @ None,
                api,
                ..
            }) => {
                let (ty, submit) = api.as_str().rsplit_once('.')?;
                let ex = models.executor(ty)?;
                (ex.submit.iter().any(|m| m == submit)
                    && ex.handle_waits.iter().any(|w| w == method))
                .then_some((handle, submit.to_string()))
            }
            _ => None,
        })?;
        let (handle, submit) = spawn;
        let place = Place::Local {
            function,
            name: format!("{submit}()").into(),
        };
        *handle = Some(place.clone());
        Some(place)
    }

    /// Reading `obj.attr` where `attr` is a property of `obj`'s class (of this file, or one of
    /// its bases here) runs the getter: lowered as a call of it on `obj`.
    fn property_read(&mut self, p: &Place, a: &ast::ExprAttribute) -> bool {
        let Place::Field { class, field } = p else {
            return false;
        };
        if !self.has_property(class, field) {
            return false;
        }
        let receiver = self.place_of(&a.value);
        let span = self.span(a.range);
        self.emit(Event::Call {
            callee: Callee::Method {
                class: *class,
                method: *field,
            },
            args: ThinVec::new(),
            kwargs: ThinVec::new(),
            receiver,
            span,
        });
        true
    }

    /// `len(x)`, `x[k]`, `k in x`, `str(x)`, `f"{x}"` on an object of a class of the file
    /// defining `dunder` (itself or through a base of the file): a call of that method on it.
    fn dunder_call(&mut self, object: &Expr, dunder: &'static str, r: TextRange) {
        if !self.defines_dunders {
            return;
        }
        let Some(place) = self.place_of(object) else {
            return;
        };
        let Some(class) = self.self_class(&place).or_else(|| self.type_of(&place)) else {
            return;
        };
        if !self.defines_dunder(class.as_str(), dunder) {
            return;
        }
        let span = self.span(r);
        self.emit(Event::Call {
            callee: Callee::Method {
                class,
                method: Name::new(dunder),
            },
            args: ThinVec::new(),
            kwargs: ThinVec::new(),
            receiver: Some(place),
            span,
        });
    }

    /// `len(x)`, `str(x)`, `repr(x)`, `bool(x)`, `format(x)` and `print(x, ..)` run the
    /// object's special method.
    fn builtin_dunder_calls(&mut self, c: &ast::ExprCall) {
        let Expr::Name(n) = &*c.func else { return };
        let dunder = match n.id.as_str() {
            "len" => "__len__",
            "str" | "print" => "__str__",
            "repr" => "__repr__",
            "bool" => "__bool__",
            "format" => "__format__",
            _ => return,
        };
        if !matches!(self.lookup(n.id.as_str()), Found::Builtin) {
            return;
        }
        let args: &[Expr] = if dunder == "__str__" && n.id.as_str() == "print" {
            &c.arguments.args
        } else {
            c.arguments.args.get(..1).unwrap_or_default()
        };
        for a in args {
            self.dunder_call(a, dunder, a.range());
        }
    }

    /// Whether `class` or one of its bases defined in this file defines `dunder`.
    fn defines_dunder(&self, class: &str, dunder: &str) -> bool {
        self.class_or_base_where(class, |i| i.dunders.contains(&dunder))
            .is_some()
    }

    /// The attribute property `name` of `class` (or a base of this file) only returns.
    fn property_field(&self, class: &str, name: &str) -> Option<String> {
        self.property_owner(class, name)?
            .property_fields
            .get(name)
            .cloned()
    }

    /// The lock field a call of a lock getter names (`with self._get_lock():`, `await
    /// self._ensure_lock().acquire()`): a getter (`getter_place`) of a field holding a lock.
    fn lock_getter_place(&self, e: &Expr) -> Option<Place> {
        let (place, made) = match self.element_getter_place(e) {
            Some(found) => found,
            None => (self.getter_place(e)?, None),
        };
        // A getter making a lock where the key is missing hands out locks, typed or not.
        if made.is_some() {
            return Some(place);
        }
        let ty = self.type_of(&place)?;
        self.is_lock_type(&ty).then_some(place)
    }

    /// The element place a call of an element getter of the object's class stands for
    /// (`self.target_lock(t)` returning `self._locks.setdefault(t, Lock())`): one lock class
    /// for every element, as `with self._locks[t]:` written in place is.
    fn element_getter_place(&self, e: &Expr) -> Option<(Place, Option<Name>)> {
        let Expr::Call(c) = e else { return None };
        let Expr::Attribute(a) = &*c.func else {
            return None;
        };
        if self.qualname_of(&c.func).is_some() {
            return None;
        }
        let object = self.place_of(&a.value)?;
        let class = (self.self_class(&object)).or_else(|| self.type_of(&object))?;
        let attr = a.attr.as_str();
        let (field, made) = self
            .class_or_base_where(class.as_str(), |i| i.element_getters.contains_key(attr))?
            .element_getters
            .get(attr)?;
        let place = element_place(&Place::Field {
            class,
            field: Name::new(field),
        })?;
        Some((place, *made))
    }

    /// Whether `class` or one of its bases defined in this file has property `name`.
    fn has_property(&self, class: &str, name: &str) -> bool {
        self.property_owner(class, name).is_some()
    }

    /// The class, `class` or one of its bases defined in this file, defining property `name`.
    fn property_owner(&self, class: &str, name: &str) -> Option<&ClassInfo> {
        if !self.has_properties {
            return None;
        }
        self.class_or_base_where(class, |i| i.properties.contains(name))
    }

    /// The first of `class` and its bases defined in this file (nearest first, at most 16) whose
    /// prepass record satisfies `pred`.
    fn class_or_base_where(
        &self,
        class: &str,
        pred: impl Fn(&ClassInfo) -> bool,
    ) -> Option<&ClassInfo> {
        // Most lookups are of a class of another file (or a library's): nothing to walk.
        if !self.class_info.contains_key(class) && !self.classes.iter().any(|k| k.name == class) {
            return None;
        }
        let mut todo: Vec<&str> = vec![class];
        let mut seen: Vec<&str> = Vec::new();
        while let Some(c) = todo.pop() {
            if seen.contains(&c) || seen.len() >= 16 {
                continue;
            }
            seen.push(c);
            if let Some(i) = self.class_info.get(c).filter(|i| pred(i)) {
                return Some(i);
            }
            if let Some(k) = self.classes.iter().find(|k| k.name == c) {
                todo.extend(k.bases.iter().map(String::as_str));
            }
        }
        None
    }

    /// For `super()` (or `super(Cls, self)` naming the method's own class) in a method of a
    /// class with a base knot can name: the first base and the instance. A call through
    /// `super()` runs a base's method, never one that other code can reach only through an
    /// object of unknown type.
    fn super_target(&self, e: &Expr) -> Option<(String, Place)> {
        let Expr::Call(c) = e else { return None };
        let Expr::Name(n) = &*c.func else { return None };
        if n.id.as_str() != "super" || !matches!(self.lookup("super"), Found::Builtin) {
            return None;
        }
        let f = self.frame();
        if !f.self_param {
            return None;
        }
        let class = f.class.as_ref()?;
        // `super(Cls, self)` naming the method's own class and object is `super()`.
        let own = |e: &Expr| match e {
            Expr::Name(n) => {
                matches!(self.resolve(n.id.as_str()), Res::Def(q, true) if q.as_str() == class)
            }
            _ => false,
        };
        let is_self = |e: &Expr| matches!(e, Expr::Name(n) if f.params.first().is_some_and(|p| p == n.id.as_str()));
        let plain = match (&*c.arguments.args, &*c.arguments.keywords) {
            ([], []) => true,
            ([cls, obj], []) => own(cls) && is_self(obj),
            _ => false,
        };
        if !plain {
            return None;
        }
        let base = self
            .classes
            .iter()
            .find(|k| &k.name == class)?
            .bases
            .first()?
            .clone();
        let this = Place::Param {
            function: f.qual,
            index: 0,
        };
        Some((base, this))
    }

    /// A method on a receiver of unknown type: only models of distinctive method names apply.
    fn dynamic_call(
        &mut self,
        c: &ast::ExprCall,
        method: &str,
        dest: Option<&Place>,
        span: Span,
    ) -> CallOut {
        let args = &c.arguments;
        if let Some(m) = self.models.spawn_method("python", method) {
            let pending = self.spawn_from_model(args, m, method);
            self.emit_spawn(pending, dest.cloned(), span);
            return CallOut::default();
        }
        self.lower_args(args, None);
        let arg_places = self.call_arg_places(args);
        self.emit(Event::Call {
            callee: Callee::Dynamic {
                method: Name::new(method),
            },
            args: arg_places,
            kwargs: self.kwarg_places(args),
            receiver: None,
            span,
        });
        CallOut::default()
    }
}

/// A function's statements, or a lambda's expression (a lambda binds no scope of its own
/// beyond its parameters, so its body need not live as long as the scopes).
enum FnBody<'m, 'e> {
    Stmts(&'m [Stmt]),
    Expr(&'e Expr),
}

impl<'a> Visitor<'a> for Lowerer<'_> {
    fn visit_expr(&mut self, e: &'a Expr) {
        self.expr(e);
    }

    fn visit_comprehension(&mut self, c: &'a ast::Comprehension) {
        // The target is the comprehension's own variable: never shared state.
        let start = self.out.len();
        self.expr(&c.iter);
        let mut lowered = self.out.split_off(start);
        self.note_iteration(&c.iter, &mut lowered);
        self.out.extend(lowered);
        // `[x async for x in stream]` awaits `__anext__` for each element.
        if c.is_async {
            let span = self.span(c.iter.range());
            self.emit(Event::Await { span });
        }
        self.iterate_handles(&c.iter);
        self.type_comprehension_target(&c.target, &c.iter);
        for cond in &c.ifs {
            self.expr(cond);
        }
    }
}

/// What `__enter__` (`__aenter__`) returns on every path: `self`, one field of `self`, or
/// something else.
fn entered(f: &ast::StmtFunctionDef) -> Entered {
    let Some(me) = names::first_positional(&f.parameters) else {
        return Entered::Other;
    };
    let mut returns = Vec::new();
    returns_in(&f.body, &mut returns);
    let mut out: Option<Entered> = None;
    for r in returns {
        let this = match r.value.as_deref() {
            Some(Expr::Name(n)) if n.id.as_str() == me => Entered::Itself,
            Some(Expr::Attribute(a)) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me) => {
                Entered::Field(a.attr.to_string())
            }
            _ => Entered::Other,
        };
        match &out {
            Some(o) if *o != this => return Entered::Other,
            _ => out = Some(this),
        }
    }
    out.unwrap_or(Entered::Other)
}

/// The container field of its object whose element method `f` returns on every `return`
/// (`self._locks[k]`, `self._locks.get(k)`, `self._locks.setdefault(k, Lock())`, or a local
/// bound only to such an element or to a new object the method stores in the field by key:
/// `lock = self._locks.get(k)`, `if lock is None: lock = Lock(); self._locks[k] = lock`,
/// `return lock`).
fn returned_element_field(f: &ast::StmtFunctionDef) -> Option<(String, Option<&ast::ExprCall>)> {
    let me = names::first_positional(&f.parameters)?;
    let mut returns = Vec::new();
    returns_in(&f.body, &mut returns);
    let mut out: Option<String> = None;
    let mut default = None;
    for r in returns {
        let (field, made) = match r.value.as_deref()? {
            Expr::Name(n) => local_element(f, me, n.id.as_str())?,
            e => element_lookup(me, e)?,
        };
        if made.is_some() {
            default = made;
        }
        if out.as_ref().is_some_and(|o| *o != field) {
            return None;
        }
        out = Some(field);
    }
    Some((out?, default))
}

/// `me.f[k]`, `me.f.get(k)` or `me.f.setdefault(k, d)`: the field `f`, and `d` when it is a call.
fn element_lookup<'a>(me: &str, e: &'a Expr) -> Option<(String, Option<&'a ast::ExprCall>)> {
    match e {
        Expr::Subscript(s) => Some((self_field(me, &s.value)?, None)),
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(g) if matches!(g.attr.as_str(), "get" | "setdefault") => {
                let made = match (g.attr.as_str(), c.arguments.args.get(1)) {
                    ("setdefault", Some(Expr::Call(made))) => Some(made),
                    _ => None,
                };
                Some((self_field(me, &g.value)?, made))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `me.f`: the field `f`.
fn self_field(me: &str, e: &Expr) -> Option<String> {
    match e {
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me) => {
            Some(a.attr.to_string())
        }
        _ => None,
    }
}

/// The field of `me` whose element the local `name` of `f` always holds: every binding of
/// `name` is a plain assignment of an element of that one field (`self._locks.get(k)`) or of a
/// call making a new object, and then `f` stores `name` in the field by key
/// (`self._locks[k] = name`). Any other binding (a parameter, a loop or `with` target, an
/// unpacking, an augmented assignment, `:=`) makes it no element. The new object's call is
/// returned with the field: what the container is filled with.
fn local_element<'a>(
    f: &'a ast::StmtFunctionDef,
    me: &str,
    name: &str,
) -> Option<(String, Option<&'a ast::ExprCall>)> {
    if names::param_names(&f.parameters).any(|p| p == name) {
        return None;
    }
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
    // The fields looked up, the defaults their `setdefault` fills them with, the new objects
    // bound, and the fields the method stores the local in.
    let mut fields: Vec<String> = Vec::new();
    let mut defaults: Vec<&'a ast::ExprCall> = Vec::new();
    let mut built: Vec<&'a ast::ExprCall> = Vec::new();
    let mut stored: Vec<String> = Vec::new();
    let mut other = false;
    let mut bound = |v: &'a Expr| match (element_lookup(me, v), v) {
        (Some((field, default)), _) => {
            fields.push(field);
            defaults.extend(default);
            true
        }
        (None, Expr::Call(c)) => {
            built.push(c);
            true
        }
        _ => false,
    };
    each_statement(&f.body, &mut |s| match s {
        Stmt::Assign(a) => match a.targets.as_slice() {
            [t] if is_name(t) => other |= !bound(&a.value),
            [Expr::Subscript(t)] if is_name(&a.value) => stored.extend(self_field(me, &t.value)),
            ts => other |= ts.iter().any(|t| binds_name(t, name)),
        },
        Stmt::AnnAssign(a) if is_name(&a.target) => {
            if let Some(v) = &a.value {
                other |= !bound(v);
            }
        }
        Stmt::AugAssign(a) => other |= binds_name(&a.target, name),
        Stmt::For(l) => other |= binds_name(&l.target, name),
        Stmt::With(w) => {
            other |= (w.items.iter()).any(|i| {
                i.optional_vars
                    .as_deref()
                    .is_some_and(|v| binds_name(v, name))
            })
        }
        Stmt::Delete(d) => other |= d.targets.iter().any(|t| binds_name(t, name)),
        _ => {}
    });
    other |= (f.body.iter()).any(|s| {
        search(
            s,
            &mut |e| matches!(e, Expr::Named(n) if binds_name(&n.target, name)),
        )
    });
    let field = fields.first()?.clone();
    if other || fields.iter().any(|f| *f != field) {
        return None;
    }
    // A new object is an element only once the method stores it in the field.
    if !built.is_empty() && !stored.contains(&field) {
        return None;
    }
    Some((field, built.into_iter().chain(defaults).next()))
}

/// Whether the assignment target `t` binds `name` (itself, or inside an unpacking).
fn binds_name(t: &Expr, name: &str) -> bool {
    match t {
        Expr::Name(n) => n.id.as_str() == name,
        Expr::Tuple(x) => x.elts.iter().any(|e| binds_name(e, name)),
        Expr::List(x) => x.elts.iter().any(|e| binds_name(e, name)),
        Expr::Starred(x) => binds_name(&x.value, name),
        _ => false,
    }
}

/// The `return` statements of a function body, outside nested definitions.
fn returns_in<'a>(body: &'a [Stmt], out: &mut Vec<&'a ast::StmtReturn>) {
    each_statement(body, &mut |s| {
        if let Stmt::Return(r) = s {
            out.push(r);
        }
    });
}

/// `@property`, `@functools.cached_property` and their aliases by name.
/// Names the module binds once, at its top level, to `True` or `False`, and nowhere else in the
/// file (no other assignment, `del`, loop or `with` target, import, definition, nor `global`
/// declaration in a function).
fn module_flags(body: &[Stmt]) -> HashMap<String, bool> {
    let mut flags: HashMap<String, bool> = HashMap::default();
    for s in body {
        if let Stmt::Assign(a) = s {
            if let ([Expr::Name(n)], Expr::BooleanLiteral(b)) = (a.targets.as_slice(), &*a.value) {
                flags.insert(n.id.to_string(), b.value);
            }
        }
    }
    if flags.is_empty() {
        return flags;
    }
    let mut counts = Bindings {
        names: flags.keys().map(|k| (k.clone(), 0)).collect(),
    };
    counts.visit_body(body);
    flags.retain(|k, _| counts.names.get(k) == Some(&1));
    flags
}

/// Counts the bindings of some names anywhere in a file.
struct Bindings {
    names: HashMap<String, u32>,
}

impl Bindings {
    fn bound(&mut self, name: &str) {
        if let Some(c) = self.names.get_mut(name) {
            *c += 1;
        }
    }
}

impl<'a> Visitor<'a> for Bindings {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.bound(f.name.as_str()),
            Stmt::ClassDef(c) => self.bound(c.name.as_str()),
            // A `global` declaration can rebind it from a function: never a constant.
            Stmt::Global(g) => g.names.iter().for_each(|n| {
                self.bound(n.as_str());
                self.bound(n.as_str());
            }),
            Stmt::Import(i) => i.names.iter().for_each(|a| {
                let name = a.asname.as_ref().unwrap_or(&a.name).as_str();
                self.bound(name.split('.').next().unwrap_or(name));
            }),
            Stmt::ImportFrom(i) => i
                .names
                .iter()
                .for_each(|a| self.bound(a.asname.as_ref().unwrap_or(&a.name).as_str())),
            Stmt::Try(t) => t.handlers.iter().for_each(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(n) = &h.name {
                    self.bound(n.as_str());
                }
            }),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr {
            if matches!(n.ctx, ExprContext::Store | ExprContext::Del) {
                self.bound(n.id.as_str());
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// The code of a generator's `try` around a `yield` that runs when the generator is closed:
/// its `finally`, and handlers catching `GeneratorExit` (`except GeneratorExit:`,
/// `except BaseException:`, a bare `except:`).
fn generator_cleanups(body: &[Stmt], out: &mut Vec<TextRange>) {
    struct Yields(bool);
    impl<'a> Visitor<'a> for Yields {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    fn catches_exit(t: Option<&Expr>) -> bool {
        let named = |e: &Expr| {
            let last = match e {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.as_str(),
                _ => return false,
            };
            matches!(last, "GeneratorExit" | "BaseException")
        };
        match t {
            None => true,
            Some(Expr::Tuple(t)) => t.elts.iter().any(named),
            Some(e) => named(e),
        }
    }
    struct Tries<'o>(&'o mut Vec<TextRange>);
    impl<'a> Visitor<'a> for Tries<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                Stmt::Try(t) => {
                    let mut y = Yields(false);
                    y.visit_body(&t.body);
                    if y.0 {
                        for h in &t.handlers {
                            let ast::ExceptHandler::ExceptHandler(h) = h;
                            if catches_exit(h.type_.as_deref()) {
                                self.0.push(h.range);
                            }
                        }
                        if let (Some(first), Some(last)) = (t.finalbody.first(), t.finalbody.last())
                        {
                            self.0
                                .push(TextRange::new(first.range().start(), last.range().end()));
                        }
                    }
                    visitor::walk_stmt(self, stmt);
                }
                _ => visitor::walk_stmt(self, stmt),
            }
        }
    }
    Tries(out).visit_body(body);
}

fn is_property_decorator(d: &Expr) -> bool {
    let last = match d {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    matches!(last, "property" | "cached_property")
}

/// `__name__ == "__main__"`, either operand order.
fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(c) = test else { return false };
    if c.ops.len() != 1 || !matches!(c.ops[0], CmpOp::Eq) {
        return false;
    }
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "__main__");
    let right = &c.comparators[0];
    (is_name(&c.left) && is_main(right)) || (is_main(&c.left) && is_name(right))
}

/// The literal `e` is, spelled as Python prints it (`True`, `None`, `3`, `'idle'`).
fn constant_text(e: &Expr) -> Option<String> {
    match e {
        Expr::BooleanLiteral(b) => Some(if b.value { "True" } else { "False" }.to_string()),
        Expr::NoneLiteral(_) => Some("None".to_string()),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => Some(match i.as_u64() {
                Some(small) => small.to_string(),
                None => i.to_string(),
            }),
            _ => None,
        },
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            // Printable ASCII but quotes and backslashes is its own `Debug` spelling.
            let plain = text
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
            Some(match plain {
                true => {
                    let mut quoted = String::with_capacity(text.len() + 2);
                    quoted.push('"');
                    quoted.push_str(text);
                    quoted.push('"');
                    quoted
                }
                false => format!("{text:?}"),
            })
        }
        _ => None,
    }
}

fn is_none(e: &Expr) -> bool {
    matches!(e, Expr::NoneLiteral(_))
}

/// Whether a `join(..)` is given a timeout (`t.join(5)`, `p.join(timeout=0.5)`): it may return
/// while the work still runs. Only a number written there counts: a variable may hold `None`,
/// which waits for good.
fn timed_join(args: &ast::Arguments) -> bool {
    let number = |e: &Expr| matches!(e, Expr::NumberLiteral(_));
    args.args.first().is_some_and(number)
        || args
            .keywords
            .iter()
            .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "timeout") && number(&k.value))
}

/// The context expression of a `with` whose body yields (`with self._lock: yield`), looking
/// through `try`, `if` and other `with` statements; not into nested functions.
fn lock_around_yield(body: &[Stmt]) -> Option<&Expr> {
    lock_around(body, &yields)
}

/// The lock a generator acquires before its `yield`: a statement `lock.acquire()` or
/// `ok = await asyncio.wait_for(lock.acquire(), t)` (awaited or not; no arguments to
/// `acquire`, so it waits for the lock) followed, in the same block, by a statement that yields;
/// blocks of `try` and `with` are looked into, not conditional ones.
fn acquired_before_yield(body: &[Stmt]) -> Option<&Expr> {
    fn acquire_of(e: &Expr) -> Option<&Expr> {
        let e = match e {
            Expr::Await(a) => &*a.value,
            e => e,
        };
        method_call_receiver(e, "acquire").or_else(|| match e {
            // `asyncio.wait_for(lock.acquire(), timeout)` raises when the time runs out.
            Expr::Call(c)
                if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "wait_for")
                    || matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "wait_for") =>
            {
                method_call_receiver(c.arguments.args.first()?, "acquire")
            }
            _ => None,
        })
    }
    for (i, s) in body.iter().enumerate() {
        let found = match s {
            Stmt::Expr(e) => acquire_of(&e.value).filter(|_| yields(&body[i + 1..])),
            Stmt::Assign(a) => acquire_of(&a.value).filter(|_| yields(&body[i + 1..])),
            Stmt::Try(t) => acquired_before_yield(&t.body),
            Stmt::With(w) => acquired_before_yield(&w.body),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The lock of an `async with lock:` whose block yields, looked for in `try` and `with` blocks.
fn async_lock_around_yield(body: &[Stmt]) -> Option<&Expr> {
    body.iter().find_map(|s| match s {
        Stmt::With(w) if w.is_async && w.items.len() == 1 && yields(&w.body) => {
            Some(&w.items[0].context_expr)
        }
        Stmt::With(w) => async_lock_around_yield(&w.body),
        Stmt::Try(t) => async_lock_around_yield(&t.body),
        _ => None,
    })
}

/// Whether `body` calls `<name>.release()` anywhere (a `finally`, under `if acquired:`).
fn releases(body: &[Stmt], name: &str) -> bool {
    struct Find<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'a> Visitor<'a> for Find<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Some(Expr::Name(n)) = method_call_receiver(e, "release") {
                self.found |= n.id.as_str() == self.name;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Find { name, found: false };
    v.visit_body(body);
    v.found
}

fn yields(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Expr(e) => matches!(&*e.value, Expr::Yield(_)),
        Stmt::Try(t) => {
            yields(&t.body)
                || yields(&t.finalbody)
                || yields(&t.orelse)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    yields(&h.body)
                })
        }
        Stmt::With(w) => yields(&w.body),
        Stmt::If(i) => yields(&i.body) || i.elif_else_clauses.iter().any(|c| yields(&c.body)),
        _ => false,
    })
}

/// The names an argument list mentions at its top level, through attributes and operators:
/// `socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC` names `AF_INET`, `SOCK_DGRAM` and
/// `SOCK_CLOEXEC`; keyword values count (`flags=socket.AI_NUMERICHOST`).
fn arg_names(args: &ast::Arguments) -> impl Iterator<Item = &str> {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
        match e {
            Expr::Name(n) => out.push(n.id.as_str()),
            Expr::Attribute(a) => out.push(a.attr.as_str()),
            Expr::BinOp(b) => {
                walk(&b.left, out);
                walk(&b.right, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for a in args.args.iter() {
        walk(a, &mut out);
    }
    for k in args.keywords.iter() {
        walk(&k.value, &mut out);
    }
    out.into_iter()
}

/// The lock a decorator of this file holds around the function it wraps.
#[derive(Clone, Debug)]
enum DecoratorLock {
    /// `with self.<field>:` on the wrapped method's own instance.
    SelfField(Name),
    /// `with LOCK:` on a module global (qualified).
    Global(Name),
    /// `with lock:` on a lock the decorator, or the factory returning it, makes itself
    /// (`lock = threading.Lock()`): a lock of its own for every function it decorates.
    PerFunction {
        decorator: Name,
        local: Name,
        ty: Name,
        made_at: Span,
    },
    /// A factory's lock: its positional argument at this index (`@synchronized(LOCK)`).
    FactoryArgument(u32),
}

/// The lock a decorator's wrapper takes, as the decorator's source spells it.
enum WrapperLock<'a> {
    Field(&'a str),
    Global(&'a str),
    /// A local of the decorator or of its factory, and the call that makes it.
    Closure(&'a str, &'a ast::ExprCall),
}

/// `def locked(fn): def inner(self, *a, **k): with self._lock: return fn(self, *a, **k);
/// return inner` (or `self._lock.acquire()` then `try: fn(..) finally: release()`): the lock
/// the wrapper holds while it calls the function it decorates. `outer` is the body of the
/// factory that returns `f`, whose locals the wrapper also sees.
fn decorator_lock<'a>(f: &'a ast::StmtFunctionDef, outer: &'a [Stmt]) -> Option<WrapperLock<'a>> {
    let wrapped = names::first_positional(&f.parameters)?;
    let inner = f.body.iter().find_map(|s| match s {
        Stmt::FunctionDef(i) => Some(i),
        _ => None,
    })?;
    if !returns_name(&f.body, &inner.name) {
        return None;
    }
    let first = names::first_positional(&inner.parameters);
    let lock = lock_around_call(&inner.body, wrapped)?;
    match lock {
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(n) if Some(n.id.as_str()) == first => Some(WrapperLock::Field(&a.attr)),
            _ => None,
        },
        Expr::Name(n) if n.id.as_str() != wrapped && Some(n.id.as_str()) != first => {
            let local = n.id.as_str();
            let made = |body: &'a [Stmt]| {
                body.iter().rev().find_map(|s| match s {
                    Stmt::Assign(a)
                        if matches!(a.targets.as_slice(), [Expr::Name(t)] if t.id.as_str() == local) =>
                    {
                        Some(a.value.as_call_expr())
                    }
                    _ => None,
                })
            };
            match made(&f.body).or_else(|| made(outer)) {
                // A local that is not a fresh object is nothing knot can name.
                Some(ctor) => ctor.map(|c| WrapperLock::Closure(local, c)),
                None => Some(WrapperLock::Global(local)),
            }
        }
        _ => None,
    }
}

/// `lambda: obj.method(..)` taking no argument it needs: the call of a method on an object,
/// which is all the lambda does.
fn method_call_lambda(l: &ast::ExprLambda) -> Option<&ast::ExprCall> {
    let takes_args = l.parameters.as_ref().is_some_and(|p| {
        p.posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
            .any(|a| a.default.is_none())
            || p.vararg.is_some()
            || p.kwarg.is_some()
    });
    if takes_args {
        return None;
    }
    let Expr::Call(call) = &*l.body else {
        return None;
    };
    let Expr::Attribute(a) = &*call.func else {
        return None;
    };
    matches!(&*a.value, Expr::Name(_) | Expr::Attribute(_)).then_some(call)
}

/// Whether `body` ends by returning the name `name` (a decorator returning its wrapper).
fn returns_name(body: &[Stmt], name: &str) -> bool {
    body.iter().any(|s| {
        matches!(s, Stmt::Return(r) if matches!(r.value.as_deref(), Some(Expr::Name(n)) if n.id.as_str() == name))
    })
}

/// The lock expression held around a call of `wrapped` in `body`: a `with` item, or an
/// `x.acquire()` statement followed by a `try` that calls it and releases `x` in `finally`.
fn lock_around_call<'a>(body: &'a [Stmt], wrapped: &str) -> Option<&'a Expr> {
    lock_around(body, &|b| calls_name(b, wrapped))
}

/// The lock expression held where `inside` holds of a block: the item of a `with` around it, or
/// `x` in `x.acquire()` followed by a `try` whose body it is and whose `finally` releases `x`;
/// looked for in nested `with`, `try` and `if` bodies too.
fn lock_around<'a>(body: &'a [Stmt], inside: &dyn Fn(&[Stmt]) -> bool) -> Option<&'a Expr> {
    for (i, s) in body.iter().enumerate() {
        let found = match s {
            Stmt::With(w) if w.items.len() == 1 && !w.is_async && inside(&w.body) => {
                Some(&w.items[0].context_expr)
            }
            Stmt::With(w) => lock_around(&w.body, inside),
            Stmt::Expr(e) => method_call_receiver(&e.value, "acquire").filter(|lock| {
                body[i + 1..].iter().any(|t| {
                    matches!(t, Stmt::Try(t) if inside(&t.body)
                        && t.finalbody.iter().any(|f| matches!(f, Stmt::Expr(e)
                            if method_call_receiver(&e.value, "release")
                                .is_some_and(|r| ast::comparable::ComparableExpr::from(r) == ast::comparable::ComparableExpr::from(*lock)))))
                })
            }),
            Stmt::Try(t) => lock_around(&t.body, inside),
            Stmt::If(x) => lock_around(&x.body, inside),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `x` in `x.<method>()` with no arguments.
fn method_call_receiver<'a>(e: &'a Expr, method: &str) -> Option<&'a Expr> {
    match e {
        Expr::Call(c) if c.arguments.is_empty() => match &*c.func {
            Expr::Attribute(a) if a.attr.as_str() == method => Some(&a.value),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `body` calls the name `callee` (not looking into nested functions or classes).
fn calls_name(body: &[Stmt], callee: &str) -> bool {
    body.iter().any(|s| {
        search(s, &mut |n| {
            matches!(n, Expr::Call(c)
                if matches!(&*c.func, Expr::Name(f) if f.id.as_str() == callee))
        })
    })
}

/// `if _cfg: return _cfg` (or through a local copy, `cfg = _cfg`) among a function's first
/// statements, before any call, with `_cfg` (a global or a field of `self`) assigned later in
/// the function: a lazily filled cache, whose filling runs once. Likewise a body that is one
/// `if not self.started:` (or `if self._conn is None:`) setting what it tests.
fn returns_cache_early(body: &[Stmt], setters: &HashMap<String, Vec<String>>) -> bool {
    let mut aliases: Vec<(&str, &Expr)> = Vec::new();
    for (i, s) in body.iter().enumerate().take(6) {
        match s {
            Stmt::If(x)
                if x.elif_else_clauses.is_empty()
                    && matches!(x.body.as_slice(), [Stmt::Return(r)] if r.value.is_some()) =>
            {
                let [Stmt::Return(r)] = x.body.as_slice() else {
                    return false;
                };
                let Some(v) = r.value.as_deref() else {
                    return false;
                };
                let cache = match v {
                    Expr::Name(n) => aliases
                        .iter()
                        .find(|(a, _)| *a == n.id.as_str())
                        .map_or(v, |(_, c)| *c),
                    Expr::Attribute(_) => v,
                    _ => return false,
                };
                let tested = mentions(&x.test, v) || mentions(&x.test, cache);
                return tested
                    && assigns(
                        &body[i + 1..],
                        &ast::comparable::ComparableExpr::from(cache),
                    );
            }
            // `if not self.started: ...; self.started = True` (or `if self._conn is None:`)
            // holding the rest of the body, or followed only by returning what it filled: the
            // work runs once, the first time. The filling may be a call of a module function
            // assigning the global tested (`if default is None: reset_default()`).
            Stmt::If(x)
                if body[i + 1..]
                    .iter()
                    .all(|s| matches!(s, Stmt::Return(_) | Stmt::Assert(_)) && !has_call(s))
                    && x.elif_else_clauses.is_empty()
                    && once_flag(&x.test).is_some_and(|flag| {
                        // A name tested must be a global: a parameter or local defaulted
                        // on each call (`if resolver is None: resolver = Resolver()`) is no
                        // first time.
                        let global = match flag {
                            Expr::Name(n) => declares_global(body, n.id.as_str()),
                            _ => true,
                        };
                        (global && assigns(&x.body, &ast::comparable::ComparableExpr::from(flag)))
                            || calls_setter(&x.body, flag, setters)
                    }) =>
            {
                return true;
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Expr(_) if !has_call(s) => {}
            Stmt::Assign(a) if !has_call(s) => {
                if let ([Expr::Name(n)], Expr::Name(_) | Expr::Attribute(_)) =
                    (a.targets.as_slice(), &*a.value)
                {
                    aliases.push((n.id.as_str(), &*a.value));
                }
            }
            Stmt::If(_) | Stmt::AnnAssign(_) if !has_call(s) => {}
            _ => return false,
        }
    }
    false
}

/// Whether `body` calls a module function that assigns the global `flag` (see
/// `Lowerer::global_setters`).
fn calls_setter(body: &[Stmt], flag: &Expr, setters: &HashMap<String, Vec<String>>) -> bool {
    let Expr::Name(g) = flag else {
        return false;
    };
    body.iter().any(|s| {
        matches!(s, Stmt::Expr(e) if matches!(&*e.value, Expr::Call(c)
            if matches!(&*c.func, Expr::Name(f)
                if setters.get(f.id.as_str()).is_some_and(|gs| gs.iter().any(|x| x == g.id.as_str())))))
    })
}

/// Whether `body` declares `name` global.
fn declares_global(body: &[Stmt], name: &str) -> bool {
    body.iter()
        .any(|s| matches!(s, Stmt::Global(g) if g.names.iter().any(|n| n.id.as_str() == name)))
}

/// The module globals each module-level function assigns through a `global` statement.
fn global_setters(body: &[Stmt]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::default();
    for s in body {
        let Stmt::FunctionDef(f) = s else {
            continue;
        };
        let declared = (f.body.iter())
            .filter_map(|s| match s {
                Stmt::Global(g) => Some(g.names.iter().map(|n| n.id.as_str())),
                _ => None,
            })
            .flatten();
        for g in declared {
            let target = Expr::Name(ast::ExprName {
                node_index: Default::default(),
                range: Default::default(),
                id: g.into(),
                ctx: ast::ExprContext::Store,
            });
            if assigns(&f.body, &ast::comparable::ComparableExpr::from(&target)) {
                out.entry(f.name.to_string())
                    .or_default()
                    .push(g.to_string());
            }
        }
    }
    out
}

/// The flag or lazily filled place a test checks is unset: `not self.started`, `self._conn is
/// None` (an attribute or a name), also as the first operand of an `or` (`not self.seeded or
/// self.seed_pid != os.getpid()`: once, and again in a forked child).
fn once_flag(test: &Expr) -> Option<&Expr> {
    if let Expr::BoolOp(b) = test {
        if b.op == ast::BoolOp::Or {
            return b.values.first().and_then(once_flag);
        }
    }
    let e = match test {
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => &*u.operand,
        Expr::Compare(c)
            if matches!(c.ops.as_ref(), [ast::CmpOp::Is])
                && matches!(c.comparators.as_ref(), [Expr::NoneLiteral(_)]) =>
        {
            &*c.left
        }
        _ => return None,
    };
    matches!(e, Expr::Attribute(_) | Expr::Name(_)).then_some(e)
}

/// Whether a body (after a docstring) is one `try` whose handlers include one catching every
/// exception (`except Exception`, `except BaseException`, bare `except`) that does not raise
/// again.
fn catches_everything(body: &[Stmt]) -> bool {
    let body = match body {
        [Stmt::Expr(e), rest @ ..] if e.value.is_string_literal_expr() => rest,
        _ => body,
    };
    let [Stmt::Try(t)] = body else {
        return false;
    };
    t.handlers.iter().any(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        let broad = match h.type_.as_deref() {
            None => true,
            Some(Expr::Name(n)) => matches!(n.id.as_str(), "Exception" | "BaseException"),
            _ => false,
        };
        broad
            && !{
                let mut raises = false;
                each_statement(&h.body, &mut |s| raises |= matches!(s, Stmt::Raise(_)));
                raises
            }
    })
}

/// `False` or `0` written out: an argument switching a blocking call off.
/// The module global every `return` of a function body returns (`return _instance`), when the
/// function binds that name only as a global (`global _instance`) or not at all.
fn returned_global(body: &[Stmt]) -> Option<&str> {
    fn walk<'b>(body: &'b [Stmt], names: &mut Vec<Option<&'b str>>, bound: &mut Vec<&'b str>) {
        for s in body {
            match s {
                Stmt::Return(r) => names.push(match r.value.as_deref() {
                    Some(Expr::Name(n)) => Some(n.id.as_str()),
                    _ => None,
                }),
                Stmt::Assign(a) => bound.extend(a.targets.iter().filter_map(|t| match t {
                    Expr::Name(n) => Some(n.id.as_str()),
                    _ => None,
                })),
                Stmt::If(i) => {
                    walk(&i.body, names, bound);
                    for c in &i.elif_else_clauses {
                        walk(&c.body, names, bound);
                    }
                }
                Stmt::With(w) => walk(&w.body, names, bound),
                Stmt::Try(t) => {
                    walk(&t.body, names, bound);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        walk(&h.body, names, bound);
                    }
                    walk(&t.orelse, names, bound);
                    walk(&t.finalbody, names, bound);
                }
                _ => {}
            }
        }
    }
    let (mut names, mut bound) = (Vec::new(), Vec::new());
    walk(body, &mut names, &mut bound);
    let first = (*names.first()?)?;
    if !names.iter().all(|n| *n == Some(first)) {
        return None;
    }
    let declared_global = body
        .iter()
        .any(|s| matches!(s, Stmt::Global(g) if g.names.iter().any(|n| n.as_str() == first)));
    (declared_global || !bound.contains(&first)).then_some(first)
}

/// Whether every `return` of `f` returns its own parameters in some order, as a tuple or list
/// of two or more of them, or a conditional choosing between such (`return (a, b) if id(a) <
/// id(b) else (b, a)`), none of them rebound in the body.
fn returns_permutation(f: &ast::StmtFunctionDef) -> bool {
    fn walk<'b>(body: &'b [Stmt], values: &mut Vec<Option<&'b Expr>>, bound: &mut Vec<&'b str>) {
        for s in body {
            match s {
                Stmt::Return(r) => values.push(r.value.as_deref()),
                Stmt::Assign(a) => bound.extend(a.targets.iter().map(|t| match t {
                    Expr::Name(n) => n.id.as_str(),
                    _ => "",
                })),
                Stmt::AugAssign(_) | Stmt::AnnAssign(_) => bound.push(""),
                Stmt::If(i) => {
                    walk(&i.body, values, bound);
                    for c in &i.elif_else_clauses {
                        walk(&c.body, values, bound);
                    }
                }
                Stmt::With(w) => walk(&w.body, values, bound),
                _ => {}
            }
        }
    }
    let params: Vec<&str> = (f.parameters.posonlyargs.iter())
        .chain(&f.parameters.args)
        .map(|p| p.parameter.name.as_str())
        .collect();
    fn permutes(e: &Expr, params: &[&str]) -> bool {
        let parts = match e {
            Expr::If(i) => return permutes(&i.body, params) && permutes(&i.orelse, params),
            Expr::Tuple(t) => &t.elts,
            Expr::List(l) => &l.elts,
            _ => return false,
        };
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| matches!(p, Expr::Name(n) if params.contains(&n.id.as_str())))
    }
    let (mut values, mut bound) = (Vec::new(), Vec::new());
    walk(&f.body, &mut values, &mut bound);
    !values.is_empty()
        && bound.is_empty()
        && values
            .iter()
            .all(|v| v.is_some_and(|v| permutes(v, &params)))
}

/// The class attribute every `return` of a class method returns (`return cls._instance`).
fn returned_class_attr(f: &ast::StmtFunctionDef) -> Option<&str> {
    let owner = f.parameters.args.first()?.parameter.name.as_str();
    if owner != "cls" {
        return None;
    }
    fn walk<'b>(body: &'b [Stmt], owner: &str, out: &mut Vec<Option<&'b str>>) {
        for s in body {
            match s {
                Stmt::Return(r) => out.push(match r.value.as_deref() {
                    Some(Expr::Attribute(a))
                        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == owner) =>
                    {
                        Some(a.attr.as_str())
                    }
                    _ => None,
                }),
                Stmt::If(i) => {
                    walk(&i.body, owner, out);
                    for c in &i.elif_else_clauses {
                        walk(&c.body, owner, out);
                    }
                }
                Stmt::With(w) => walk(&w.body, owner, out),
                _ => {}
            }
        }
    }
    let mut returned = Vec::new();
    walk(&f.body, owner, &mut returned);
    let first = (*returned.first()?)?;
    returned.iter().all(|r| *r == Some(first)).then_some(first)
}

/// The literal `1`.
fn is_one_literal(e: &Expr) -> bool {
    matches!(e, Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_u64() == Some(1)))
}

/// The target and value pairs of a tuple assignment whose two sides have the same number of
/// plain parts (`a, b = Lock(), Lock()`, `self.x, self.y = [], {}`), none of the values naming
/// a target bound before it: Python reads every value before binding the targets from left to
/// right, so one binding after another is the same only then (`old, self.pool = self.pool,
/// None` hands the pool over to `old`; a swap, `a, b = b, a`, is not paired).
fn paired<'e>(targets: &'e [Expr], value: &'e Expr) -> Option<Vec<(&'e Expr, &'e Expr)>> {
    let elements = |e: &'e Expr| match e {
        Expr::Tuple(t) => Some(&t.elts[..]),
        Expr::List(l) => Some(&l.elts[..]),
        _ => None,
    };
    let ([target], Some(values)) = (targets, elements(value)) else {
        return None;
    };
    let names = elements(target)?;
    let plain = |e: &Expr| !matches!(e, Expr::Starred(_));
    if names.len() != values.len()
        || names.len() < 2
        || !names.iter().all(plain)
        || !values.iter().all(plain)
        || (names.iter().enumerate()).any(|(i, t)| values[i + 1..].iter().any(|v| mentions(v, t)))
    {
        return None;
    }
    Some(names.iter().zip(values).collect())
}

fn is_false_literal(e: &Expr) -> bool {
    match e {
        Expr::BooleanLiteral(b) => !b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, ast::Number::Int(i) if i.as_u64() == Some(0)),
        _ => false,
    }
}

/// The function `name` defined in `body`, also inside its compound statements.
fn nested_def<'b>(body: &'b [Stmt], name: &str) -> Option<&'b ast::StmtFunctionDef> {
    body.iter().find_map(|s| match s {
        Stmt::FunctionDef(d) if d.name.as_str() == name => Some(d),
        Stmt::If(i) => nested_def(&i.body, name).or_else(|| {
            i.elif_else_clauses
                .iter()
                .find_map(|c| nested_def(&c.body, name))
        }),
        Stmt::With(w) => nested_def(&w.body, name),
        Stmt::For(l) => nested_def(&l.body, name),
        Stmt::While(l) => nested_def(&l.body, name),
        Stmt::Try(t) => nested_def(&t.body, name),
        _ => None,
    })
}

/// Whether expression `e` reads the name `name` (not looking into nested functions).
fn expr_reads_name(e: &Expr, name: &str) -> bool {
    let mut finder = Search {
        hit: |n: &Expr| matches!(n, Expr::Name(x) if x.id.as_str() == name),
        found: false,
    };
    finder.visit_expr(e);
    finder.found
}

/// Whether expression `e` contains `part`.
fn mentions(e: &Expr, part: &Expr) -> bool {
    let part = ast::comparable::ComparableExpr::from(part);
    let mut finder = Search {
        hit: |x: &Expr| ast::comparable::ComparableExpr::from(x) == part,
        found: false,
    };
    finder.visit_expr(e);
    finder.found
}

/// Whether `body` assigns `target` (at any depth, not in nested functions).
fn assigns(body: &[Stmt], target: &ast::comparable::ComparableExpr) -> bool {
    let mut found = false;
    each_statement(body, &mut |s| {
        found = found
            || matches!(s, Stmt::Assign(a)
                if a.targets.iter().any(|t| ast::comparable::ComparableExpr::from(t) == *target));
    });
    found
}

/// Whether a statement calls anything (not looking into nested functions).
fn has_call(s: &Stmt) -> bool {
    search(s, &mut |n| matches!(n, Expr::Call(_)))
}

/// Calls `f` on each statement of `body` and of the blocks inside it (branches, loops, `with`,
/// `try`, `match`), not looking into nested functions or classes, nor into expressions (which
/// hold no statements): cheaper than [`search`] where only statements matter.
/// Methods handing back one element of the container they are called on: what a queue's `get`
/// returns was put there, what a dict's `get` or `pop` returns was stored under a key.
const ELEMENT_TAKES: &[&str] = &["get", "get_nowait", "pop", "popleft"];

/// The modules `body` imports whole, at any depth: `import a.b` imports `a` (the name it binds)
/// and `a.b`, `import a.b as c` imports `a.b`. `from a import b` is left out: `b` may be a
/// module or anything else.
fn whole_module_imports(body: &[Stmt]) -> HashSet<Name> {
    struct Imports(HashSet<Name>);
    impl<'a> Visitor<'a> for Imports {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            if let Stmt::Import(i) = s {
                for a in &i.names {
                    let full = a.name.as_str();
                    self.0.insert(Name::new(full));
                    if a.asname.is_none() {
                        self.0
                            .insert(Name::new(full.split('.').next().unwrap_or(full)));
                    }
                }
            }
            visitor::walk_stmt(self, s);
        }
    }
    let mut found = Imports(HashSet::default());
    found.visit_body(body);
    found.0
}

fn each_statement<'a>(body: &'a [Stmt], f: &mut dyn FnMut(&'a Stmt)) {
    for s in body {
        f(s);
        match s {
            Stmt::If(i) => {
                each_statement(&i.body, f);
                for c in &i.elif_else_clauses {
                    each_statement(&c.body, f);
                }
            }
            Stmt::For(l) => {
                each_statement(&l.body, f);
                each_statement(&l.orelse, f);
            }
            Stmt::While(l) => {
                each_statement(&l.body, f);
                each_statement(&l.orelse, f);
            }
            Stmt::With(w) => each_statement(&w.body, f),
            Stmt::Try(t) => {
                each_statement(&t.body, f);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    each_statement(&h.body, f);
                }
                each_statement(&t.orelse, f);
                each_statement(&t.finalbody, f);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    each_statement(&c.body, f);
                }
            }
            _ => {}
        }
    }
}

/// Whether `hit` holds for an expression of `stmt` or of a statement inside it, not looking into
/// nested functions or classes (their bodies run elsewhere).
fn search(stmt: &Stmt, hit: &mut dyn FnMut(&Expr) -> bool) -> bool {
    let mut finder = Search { hit, found: false };
    finder.visit_stmt(stmt);
    finder.found
}

struct Search<F> {
    hit: F,
    found: bool,
}

impl<'a, F: FnMut(&Expr) -> bool> Visitor<'a> for Search<F> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found {
            return;
        }
        if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            visitor::walk_stmt(self, stmt);
        }
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found || (self.hit)(expr) {
            self.found = true;
            return;
        }
        visitor::walk_expr(self, expr);
    }
}

/// `sock.bind((host, 0))` (IPv6: `(host, 0, flowinfo, scope_id)`): a port the system picks.
fn binds_port_zero(args: &ast::Arguments) -> bool {
    let [Expr::Tuple(t)] = &*args.args else {
        return false;
    };
    matches!(t.elts.get(1), Some(Expr::NumberLiteral(n)) if matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0)))
}

/// The plain names a function body assigns (`xx = create_task(..)`) and never reads anywhere,
/// nested scopes included. None when the body can read its locals by name (`locals()`,
/// `vars()`, `eval`, `exec`).
fn unread_locals(body: &[Stmt]) -> Vec<&str> {
    #[derive(Default)]
    struct Names<'a> {
        stored: Vec<&'a str>,
        loaded: HashSet<&'a str>,
        dynamic: bool,
        /// The name an assignment stores, while its value is visited: calling the old value
        /// there (`task = create_task(task())`) reads no value the assignment makes.
        storing: Option<&'a str>,
    }
    impl<'a> Visitor<'a> for Names<'a> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(c) = expr {
                if matches!(&*c.func, Expr::Name(f) if Some(f.id.as_str()) == self.storing) {
                    self.visit_arguments(&c.arguments);
                    return;
                }
            }
            if let Expr::Name(n) = expr {
                match n.ctx {
                    ExprContext::Store => self.stored.push(n.id.as_str()),
                    _ => {
                        let id = n.id.as_str();
                        self.dynamic |= matches!(id, "locals" | "vars" | "eval" | "exec");
                        self.loaded.insert(id);
                    }
                }
                return;
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            // `global x` / `nonlocal x`: the name lives elsewhere, where it may be read.
            match stmt {
                Stmt::Global(g) => self.loaded.extend(g.names.iter().map(|n| n.as_str())),
                Stmt::Nonlocal(g) => self.loaded.extend(g.names.iter().map(|n| n.as_str())),
                Stmt::Assign(a) => {
                    if let [Expr::Name(t)] = &*a.targets {
                        let outer = self.storing.replace(t.id.as_str());
                        self.visit_expr(&a.value);
                        self.storing = outer;
                        self.visit_expr(&a.targets[0]);
                        return;
                    }
                }
                _ => {}
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut names = Names::default();
    for s in body {
        names.visit_stmt(s);
    }
    if names.dynamic {
        return Vec::new();
    }
    let mut out: Vec<&str> = names
        .stored
        .into_iter()
        .filter(|n| *n != "_" && !names.loaded.contains(n))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many times `body` (nested scopes included) stores into the name `name`; a store into
/// an attribute named `attr` counts as two.
fn stores_of(body: &[Stmt], name: &str, attr: &str) -> usize {
    struct Stores<'n> {
        name: &'n str,
        attr: &'n str,
        count: usize,
    }
    impl<'a> Visitor<'a> for Stores<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(n) = expr {
                if n.ctx == ExprContext::Store && n.id.as_str() == self.name {
                    self.count += 1;
                }
                return;
            }
            if let Expr::Attribute(a) = expr {
                if a.ctx == ExprContext::Store && a.attr.as_str() == self.attr {
                    self.count += 2;
                }
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            // `nonlocal f` in a nested function may rebind it: as good as a second store.
            if let Stmt::Nonlocal(g) = stmt {
                self.count += 2 * usize::from(g.names.iter().any(|n| n.as_str() == self.name));
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut stores = Stores {
        name,
        attr,
        count: 0,
    };
    for s in body {
        stores.visit_stmt(s);
    }
    stores.count
}

/// The one statement of `f`'s body past its docstring, if it has only one.
fn sole_statement(f: &ast::StmtFunctionDef) -> Option<&Stmt> {
    let mut body =
        (f.body.iter()).filter(|s| !matches!(s, Stmt::Expr(e) if e.value.is_string_literal_expr()));
    match (body.next(), body.next()) {
        (Some(s), None) => Some(s),
        _ => None,
    }
}

/// `return self.<attr>` as a getter's whole body (a docstring aside): the attribute.
fn returned_self_attribute(f: &ast::StmtFunctionDef) -> Option<String> {
    let Some(Stmt::Return(r)) = sole_statement(f) else {
        return None;
    };
    let self_name = f.parameters.args.first()?.parameter.name.as_str();
    // `return self.a` or, through fields of fields, `return self.repository.lock`.
    let mut path = Vec::new();
    let mut e = r.value.as_deref()?;
    while let Expr::Attribute(a) = e {
        path.push(a.attr.as_str());
        e = &a.value;
    }
    let on_self = matches!(e, Expr::Name(n) if n.id.as_str() == self_name);
    if !on_self || path.is_empty() || path.len() > 3 {
        return None;
    }
    path.reverse();
    Some(path.join("."))
}

/// The method of its object that the whole body of method `f` (past its docstring) calls
/// passing a string (`self._playback_control("Stop")`, `self.send("playback/stop", type=t)`).
fn sends_command(f: &ast::StmtFunctionDef) -> Option<&str> {
    let self_name = names::first_positional(&f.parameters)?;
    let Some(Stmt::Expr(e)) = sole_statement(f) else {
        return None;
    };
    let Expr::Call(call) = &*e.value else {
        return None;
    };
    let Expr::Attribute(a) = &*call.func else {
        return None;
    };
    let names_string = (call.arguments.args.iter())
        .chain(call.arguments.keywords.iter().map(|k| &k.value))
        .any(Expr::is_string_literal_expr);
    (matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self_name) && names_string)
        .then(|| a.attr.as_str())
}

/// Whether control can leave `body` at its end: it does not end in a `return`, `raise`,
/// `continue` or `break`.
fn falls_through(body: &[Stmt]) -> bool {
    !matches!(
        body.last(),
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))
    )
}

/// `sorted(d.items())`, `list(d.items())`, `d.items()`: the container `d` whose items are
/// walked (a loop over them binds its values second).
fn items_of(iter: &Expr) -> Option<&Expr> {
    let mut inner = iter;
    for _ in 0..3 {
        match inner {
            Expr::Call(c)
                if c.arguments.args.len() == 1
                    && c.arguments.keywords.is_empty()
                    && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "list" | "tuple" | "sorted")) =>
            {
                inner = &c.arguments.args[0];
            }
            Expr::Call(c) if c.arguments.is_empty() => {
                return match &*c.func {
                    Expr::Attribute(a) if a.attr.as_str() == "items" => Some(&*a.value),
                    _ => None,
                };
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_constant_is_spelled_as_debug_prints_it() {
        let texts = [
            "idle",
            "",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "naïve",
            "~ !",
        ];
        for text in texts {
            let source = format!("{text:?}");
            let parsed = ruff_python_parser::parse_expression(&source).expect("a literal parses");
            assert_eq!(constant_text(parsed.expr()), Some(source), "{text}");
        }
    }
}
