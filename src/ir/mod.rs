//! The language-neutral concurrency IR. Front-ends produce it; analyses read only it.
//!
//! Boundary: nothing here knows a parser, a rule code or an output format.
//! Names are opaque strings in the source language's own spelling (`pkg.mod.Class` for Python,
//! `crate::mod::Type` for Rust); analyses compare them, never split them.
//!
//! Size and shape:
//!
//! - Names in places, callees, API fields and bound constants are `ir::Name`s (`name.rs`), so a
//!   place is two words and copying one allocates nothing.
//! - Argument lists and the sub-bodies of `Hold`, `Block`, `Try` and of a branch's or loop's
//!   condition, arms and body are `ThinVec`s (one word each, no allocation when empty), and a
//!   parameter's index is a `u32`, so a place is 12 bytes and a statement at most 64 (a
//!   compile-time check). Front-ends shrink every body once a module is lowered
//!   (`Module::shrink`).
//! - An access says how atomic it is (`Atomicity`): plain, one atomic operation, a count
//!   (`fetch_add`/`fetch_sub`) whose result the code reads, with its direction, or an atomic
//!   update whose result the code drops (a blind update; a blind count when it moves the value by
//!   an amount; a blind exchange, a compare-exchange dropped by `.ok();` or `let _ =`), which
//!   KN106 reads for a test and an update made in two steps.
//! - A `try` records whether its handlers name only exceptions outside `OSError`
//!   (`lets_os_errors_out`: `except BlockingIOError:`, `except KeyError:`): KN401 does not count
//!   it as catching a failed connect, and the race rules read one whose handler changes what its
//!   body looked up as a check-then-act (`rules/races::walk_branches`).
//! - A local place is named by its variable, except that a Rust `let` binding a new value over a
//!   name still in scope names a local of its own, `name'1`, `name'2` (`spelled_local` gives the
//!   name back for messages).
//!
//! Invariant: language-neutral; additions are small and printed by `print.rs`.

mod name;
pub mod print;

pub use name::Name;

pub use thin_vec::ThinVec;

use crate::source::{FileId, Lang, Span};

/// Every lowered module of one run.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub modules: Vec<Module>,
}

/// One source file, lowered.
#[derive(Clone, Debug)]
pub struct Module {
    pub file: FileId,
    pub lang: Lang,
    /// Qualified module name: `pkg.sub.mod` (Python), `crate::a::b` (Rust).
    pub name: String,
    /// Functions and methods, including nested ones, plus one synthetic function for the
    /// module's top-level code (`is_module_body`).
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    /// What places hold, where the front-end saw the value constructed or declared: a lock, a
    /// queue, an executor, an atomic. Analyses look the `ty` up in the API models.
    pub decls: Vec<PlaceDecl>,
    /// Names this module binds to something defined elsewhere: (`pkg.a.f`, `pkg.b.f`) for
    /// `from .b import f` inside `pkg/a.py`, or a Rust `pub use`. Lets analyses resolve a
    /// [`Callee::Path`] through re-exports across files.
    pub aliases: Vec<(String, String)>,
    /// Syntactic facts about the module that rules need (a `__main__` guard, import order).
    pub facts: ModuleFacts,
}

/// A struct keeping a thread's `JoinHandle` in a field, whose drop detaches the thread.
#[derive(Clone, Debug)]
pub struct DetachedOnDrop {
    /// The struct (qualified name).
    pub owner: Name,
    pub field: Name,
    /// The calls whose value is stored into the field (some may be thread spawns).
    pub stored: Vec<Span>,
    /// The `Drop` impl's `fn drop`, or the method that joins the thread.
    pub by: Span,
    /// `None`: the struct's `Drop` does not join the thread; `Some(m)`: the struct has no
    /// `Drop` and only its method `m`, which signals the thread and joins it, does.
    pub joined_by: Option<Name>,
}

/// A struct keeping a resource in a field (a `Child`) that none of its methods waits for or
/// hands on (`frontend/rust/kept_children.rs`).
#[derive(Clone, Debug)]
pub struct KeptNeverClosed {
    /// The struct (qualified name).
    pub owner: Name,
    pub field: Name,
    /// The resource's opener API (`std::process::Command::spawn`).
    pub api: Name,
    /// The calls whose value is stored into the field.
    pub stored: Vec<Span>,
    /// Where a method stops it without waiting (`self.kid.kill()`).
    pub stopped: Vec<Span>,
    /// The stops are what the struct's `Drop` runs, which waits for nothing after them.
    pub by_drop: bool,
}

/// A Rust `let` binding one name and where the rest of its block names it
/// (`ModuleFacts::let_uses`).
#[derive(Clone, Debug)]
pub struct LetUses {
    /// The function (qualified name) the `let` is in.
    pub function: Name,
    /// The name as written.
    pub name: Name,
    /// The initializer's span.
    pub init: Span,
    /// The spans of the later mentions of the name.
    pub uses: Vec<Span>,
    /// The initializer's value is a clone (`x.clone()`, `Arc::clone(&x)`): a handle to an
    /// object, not a quantity computed from the data it came from.
    pub cloned: bool,
    /// The initializer takes a length or a position from a container (`.len()`,
    /// `.iter().position(..)`, `.binary_search(..)`): a value naming a slot of the data.
    pub quantity: bool,
}

/// Syntactic facts a front-end records so that rules never reach back into a syntax tree.
#[derive(Clone, Debug, Default)]
pub struct ModuleFacts {
    /// Span of an `if __name__ == "__main__":` guard, when present (Python).
    pub main_guard: Option<Span>,
    /// Processes constructed with a target, started here or elsewhere (a `Process` built in one
    /// function and returned, started in another): (function, target, spawn API, span of the
    /// target expression), for KN508. Python. Not printed.
    pub process_targets: Vec<(String, Callee, Name, Span)>,
    /// Work handed to a thread pool kept in a known place (`self._pool.submit(f)`, `map`,
    /// `_executor.submit(f)`): (span of the `Spawn` event, the pool's place, whether every
    /// construction of the pool seen there gave it one worker), for KN207. Python. Not printed.
    pub pool_submits: Vec<(Span, Place, bool)>,
    /// Imported modules in source order, with the span of each import statement and whether it
    /// sits at module level (Python). Used for ordering checks such as monkey-patching.
    pub imports: Vec<ImportFact>,
    /// The Rust edition governing `if let` scrutinee lifetimes (2021 or 2024), when known.
    pub edition: Option<u16>,
    /// Parameters (function, index) whose type the front-end looked up while lowering: a new
    /// program-wide type for any other parameter cannot change this module's IR, so type
    /// refinement does not lower the file again for it (Python). Bookkeeping, not printed.
    pub typed_params_asked: Vec<(String, usize)>,
    /// Fields and globals whose type the front-end looked up without knowing it from the file's
    /// own constructors: likewise, a new type for any other place cannot change this module's
    /// IR (Python). Bookkeeping, not printed.
    pub typed_places_asked: Vec<Place>,
    /// Names the front-end looked up among the program's lock types (`TypeHints::lock_types`):
    /// a lock type learned or forgotten under any other name cannot change this module's IR,
    /// so type refinement does not lower the file again for it (Python). Not printed.
    pub lock_types_asked: Vec<String>,
    /// The module's `@contextmanager` functions that yield holding a lock, by qualified name
    /// (`pkg.mod.locked`, `pkg.mod.Class.locked`), with the lock: other modules' `with` on
    /// them holds it (`TypeHints::lock_helpers`). Python. Not printed.
    pub lock_helpers: Vec<(String, Place)>,
    /// Lock helpers the front-end looked up and did not find in the file: a helper learned
    /// under any other name cannot change this module's IR (Python). Not printed.
    pub lock_helpers_asked: Vec<String>,
    /// `place = call()` stores whose result had no known type, with the statement's span: when
    /// the whole program learns what the call returns, type refinement adds the declaration
    /// lowering would have made instead of lowering the file again (Python). Not printed.
    pub untyped_factory_binds: Vec<(Place, Span)>,
    /// Spans of the calls whose value their statement drops (`f(x)` as a statement, Python):
    /// a coroutine made there is never awaited. Rust: a spawn ending a block with `;`
    /// (`thread::spawn(..);`), which is not the block's value, a call dropped by `;` or `let _ =`
    /// (also through `?`, `unwrap()`), and a resource's opener whose value is dropped where it
    /// is made (the `Open`'s span: `cmd.spawn()?;`, `if let Err(e) = cmd.spawn()`). Not
    /// printed.
    pub discarded_calls: Vec<Span>,
    /// Rust: `let name = helper(..)` (also through `?`, `unwrap()`, `expect(..)`) whose local
    /// the rest of its block uses only through its own methods, fields and shared borrows: the
    /// call's span and the local's place. A function returning a resource its drop does not
    /// release (`-> Child`) hands it to that local (`drop_leaks`). Not printed.
    pub bound_calls: Vec<(Span, Place)>,
    /// Rust: the calls a child bound to a local is lent to by a mutable borrow
    /// (`wait_deadline(&mut child, limit)`), with the local's place: a callee that only asks
    /// whether it still runs polls it (`drop_leaks`). Not printed.
    pub lent_calls: Vec<(Span, Place)>,
    /// Rust `read(buf)` calls (also `read_line`, `read_to_end`, `read_to_string`) whose byte
    /// count a statement drops (`r.read(&mut buf).unwrap();`, `r.read(&mut buf)?;`, `let _ =
    /// r.read(&mut buf);`): the code never sees the `Ok(0)` that says the stream ended. Not
    /// printed.
    pub count_dropped_reads: Vec<Span>,
    /// Rust functions whose declared result is a fresh resource (`-> io::Result<Child>`), with
    /// the resource's opener API. Not printed.
    pub resource_returns: Vec<(Name, Name)>,
    /// Rust: the last expressions (without `;`) of function bodies, the functions' values.
    /// Not printed.
    pub tail_values: Vec<Span>,
    /// Rust: the `return` tokens of `return Err(..)`, refusals (`AlreadyRegistered`) rather
    /// than other ways out. Not printed.
    pub error_returns: Vec<Span>,
    /// Rust functions whose value is a shared object they make (`let c = Arc::new(..); ..;
    /// Ok(c)`): each call hands out an object of its own. Not printed.
    pub fresh_shared_returns: Vec<Name>,
    /// Branches testing a parameter of their function (`if force_async:`, `if resolver is
    /// None:`), with the arm a literal argument makes run (Python). Not printed.
    pub param_tests: Vec<ParamTest>,
    /// Calls passing `True`, `False` or `None` literally (`wait(1, force_async=True)`): the
    /// call's span and each such argument (Python). Not printed.
    pub constant_args: Vec<(Span, Vec<(ArgKey, Constant)>)>,
    /// Calls, dropping their value, of a callable the code checked is no coroutine function
    /// where it calls it (`if not inspect.iscoroutinefunction(self.close): self.close()`,
    /// after `assert not iscoroutinefunction(cb)`): they make no coroutine, whatever `async
    /// def` the call resolves to (Python). Not printed.
    pub sync_checked_calls: Vec<Span>,
    /// Parameters whose default is `True`, `False` or `None` (`def dispatch(self, event, *,
    /// return_tasks=False)`): the function, the parameter's index in `Function::params` and the
    /// default (Python). Not printed.
    pub param_defaults: Vec<(Name, u32, Constant)>,
    /// The arguments each call passes (by count and keyword): what a call leaves to the
    /// callee's defaults (Python). Not printed.
    pub call_shapes: Vec<(Span, CallShape)>,
    /// Calls of an operation that forks given a keyword choosing how the process starts
    /// (`ProcessPoolExecutor(mp_context=ctx)`, Python): they do not fork by default. Not printed.
    pub start_method_chosen: Vec<Span>,
    /// Calls binding a socket to port 0 (`sock.bind(("127.0.0.1", 0))`, Python): the system
    /// picks a free port, so no address in use makes them fail. Not printed.
    pub ephemeral_binds: Vec<Span>,
    /// Locals a function binds and never reads, in its body or in a nested scope: (function,
    /// local). What they hold is dropped when the function returns (Python). Not printed.
    pub unread_locals: Vec<(Name, Name)>,
    /// Functions storing the task running them in a field or global
    /// (`self.tasks.add(asyncio.current_task())`, `self._task = asyncio.current_task()`): a task
    /// running one keeps its own reference (Python). Not printed.
    pub self_kept_tasks: Vec<Name>,
    /// Accesses of a class attribute spelled through the class (`Registry._instance`,
    /// `self.__class__._loop`, `type(self)._cache`), not through an object: shared by every
    /// object even where a constructor makes them (Python). Not printed.
    pub class_spelled: Vec<Span>,
    /// Branches whose test finds a container not empty (`if self._queue:`, `len(q) > 0`, `if not
    /// q: return`): the branch's span, the arm that runs when the container is not empty, and
    /// the container. Code adding to the container cannot undo such a test (Python). Not printed.
    pub nonempty_arms: Vec<(Span, u8, Place)>,
    /// Writes that only add to a container (`q.append(x)`, `s.add(x)`, `d[k] = v`): none of them
    /// makes a container empty (Python). Not printed.
    pub adding_writes: Vec<Span>,
    /// Writes that take away from a container and that a second run leaves as the first did,
    /// raising nothing (`c.clear()`, `s.discard(x)`, `d.pop(k, None)`): two tasks both running
    /// one lose nothing (Python). Not printed.
    pub removing_writes: Vec<Span>,
    /// Writes into an element of a container (`d[k][i] = v`, `rows[r][a:b] = v`): they change
    /// what one entry holds, never which entries the container has, so an iteration of the
    /// container does not see its size change (Python). Not printed.
    pub element_writes: Vec<Span>,
    /// `return iter(c)`, `return c.keys()` (`values()`, `items()`) of a field or global
    /// container: the caller walks a live view of the container, wherever its lock is by then
    /// (the return, the container). Python. Not printed.
    pub escaping_views: Vec<(Span, Place)>,
    /// Python: a started thread's handle kept in a container (`self._workers.append(w)`), and
    /// the variable of a loop over a container keeping started work (`for w in
    /// self._workers:`): (the local, the container). A join of the loop variable joins the
    /// work the container keeps (KN204). Not printed.
    pub element_handles: Vec<(Place, Place)>,
    /// Python: the locals a `for` loop or a comprehension binds (its target's names), by the
    /// loop's span: a use of one inside the loop names the current element (KN301). Not
    /// printed.
    pub loop_targets: Vec<(Span, Place)>,
    /// Acquires of an async lock under a timeout given a limit (`await
    /// asyncio.wait_for(lock.acquire(), 5)`, the `[[timeout]]` models): the lock is held once
    /// they return, since the timeout raises, but they give up instead of waiting forever for a
    /// lock the task holds (KN205). Python. Not printed.
    pub timed_acquires: Vec<Span>,
    /// Rust: a one-time cell (`OnceLock`, `OnceCell`) checked with `get()` and then filled with
    /// `set(..).unwrap()` in the same function: (the `get`, the `unwrap`, the cell as written).
    /// Not printed.
    pub once_set_after_get: Vec<(Span, Span, String)>,
    /// Rust: a function keeping one of its parameters in data of the program
    /// (`cbs.callbacks.insert(id, Box::new(f))`, `*cb = Some(Arc::new(callback))`): the
    /// function, the parameter's name and the place of the data (a field, or the lock whose
    /// guard reaches it). A function handed there is a callback that runs where a call of a
    /// value read from that data is made (`stored_calls`). Not printed.
    pub stored_params: Vec<(Name, Name, Place)>,
    /// Rust: calls of a local read from data of the program (`if let Some(cb) =
    /// cbs.callbacks.get_mut(&id) { cb(data) }`): the call's span and the place of the data,
    /// as in `stored_params`. Not printed.
    pub stored_calls: Vec<(Span, Place)>,
    /// Rust: `let (tx, rx) = call(..);` in a function body (closures left out): the function
    /// and the two names, the two ends of a channel when the call makes one. Not printed.
    pub channel_pairs: Vec<(Name, Name, Name)>,
    /// Rust: receives that wait for the channel to end (`rx.recv().is_err()`,
    /// `assert_eq!(rx.recv(), Err(..))`, `while let Ok(v) = rx.recv()`, `for v in rx`), with
    /// the function and the receiver's name: they return once every sender is dropped, which a
    /// thread holding one does as it ends (KN304). Not printed.
    pub close_waits: Vec<(Name, Name, Span)>,
    /// Rust: a child waited for (`child.wait()`, a `try_wait()` poll) before a pipe it writes
    /// is read (`child.stdout.take()` after the wait): the wait, the read, the child's name
    /// and the pipe (KN204, `frontend/rust/pipe_waits.rs`). Not printed.
    pub pipe_reads_after_wait: Vec<(Span, Span, Name, Name)>,
    /// Rust: the spans of assertion macros (`assert!`, `assert_eq!`, `debug_assert!`, ..):
    /// a value read inside one only checks an invariant (KN106). Not printed.
    pub assertions: Vec<Span>,
    /// Rust: `let` bindings of one name whose initializer makes a call or takes a lock, with
    /// the spans where the rest of their block names the binding (before a `let` shadows it):
    /// a value computed under one guard and used under a later one of the same lock (KN102).
    /// Not printed.
    pub let_uses: Vec<LetUses>,
    /// Rust: the region each guard held for a stretch of code covers, by the span of its
    /// acquire: a named guard's `let` to the end of its block (or its `drop`), a statement's
    /// temporary guard the statement. Not printed.
    pub hold_regions: Vec<(Span, Span)>,
    /// Rust: uses of a value as an index that panics when it is out of bounds (`v[i]`,
    /// `v.remove(i)`, `v.swap_remove(i)`, `v.insert(i, ..)`, `v.get(i).unwrap()`): (the indexed
    /// expression, the index). Not printed.
    pub index_uses: Vec<(Span, Span)>,
    /// Rust: receivers of calls that shrink a container or replace it (`.retain(..)`, `.clear()`,
    /// `.truncate(..)`, `.drain(..)`, `.remove(..)`, `.pop()`, ..) and places assigned a new
    /// container through a guard (`*v.write() = ..`). Not printed.
    pub shrinks: Vec<Span>,
    /// Rust: receivers of calls that look at every element again as they change a container
    /// (`.retain(..)`, `.retain_mut(..)`, `.clear()`, `.truncate(..)`, `.dedup()`): such a
    /// write needs no test of the data before it (KN102). Not printed.
    pub rechecking_writes: Vec<Span>,
    /// Rust: functions (qualified names) whose value, their body's last expression, is a clone
    /// (see `LetUses::cloned`). Not printed.
    pub cloned_returns: Vec<Name>,
    /// Methods whose whole body calls another method of their object passing a string (`def
    /// stop(self): self._playback_control("Stop")`): (the method's qualified name, the method
    /// it calls). Unless that one ends the object, they send a command by name (Python). Not
    /// printed.
    pub command_methods: Vec<(Name, Name)>,
    /// Rust: methods taking `&'static self` (qualified names): their object lives as long as
    /// the program, a static or leaked value any thread can reach. Not printed.
    pub static_receivers: Vec<Name>,
    /// Rust: `self.<field>.take();` statements emptying an `Option<JoinHandle>` field and
    /// dropping the handle, which detaches its thread: (span, field). Not printed.
    pub dropped_handle_fields: Vec<(Span, Name)>,
    /// Rust: threads whose `JoinHandle` a struct literal moves into a field (`Self { _thread:
    /// thread }`): (spawn span, the field). Not printed.
    pub kept_handle_fields: Vec<(Span, Place)>,
    /// Rust: threads whose `JoinHandle` a struct keeps in a field and does not join when it is
    /// dropped (`frontend/rust/kept_handles.rs`). Not printed.
    pub detached_on_drop: Vec<DetachedOnDrop>,
    /// Rust: resources a struct keeps in a field and never waits for
    /// (`frontend/rust/kept_children.rs`). Not printed.
    pub kept_never_closed: Vec<KeptNeverClosed>,
    /// Rust: the names of the fields the file reads (`x.name` other than as the target of an
    /// assignment, and fields a pattern takes apart), sorted. Not printed.
    pub fields_read: Vec<Name>,
    /// `async def`s (qualified names) whose call gives no plain coroutine: async generators and
    /// functions under a decorator that may wrap them (Python). Not printed.
    pub async_not_coroutine: Vec<String>,
    /// Functions (qualified names) under a decorator that runs them on an event loop's thread
    /// (`@inlineCallbacks`, `[[loop_callback]]` models), Python. Not printed.
    pub loop_callbacks: Vec<String>,
    /// Calls of a local bound to an item taken off a thread-safe queue kept in a field of a
    /// class of the file (`job = self._jobs.get(); job()`), Python: the call runs whatever
    /// function was put on that queue (`self._jobs.put(f)`), on the thread taking it.
    /// Not printed.
    pub queued_calls: Vec<Span>,
    /// Functions (qualified names) whose result is cached: under a memoizing decorator
    /// (`[[memoizer]]`), or returning early a global or field they fill themselves (`if _cfg:
    /// return _cfg`, Python). Their body runs once: KN501 does not follow calls into them.
    /// Not printed.
    pub memoized: Vec<String>,
    /// Functions (qualified names) whose whole body is a `try` catching every exception
    /// (`except Exception:`, `except BaseException:`, bare `except:`) without re-raising: work
    /// running them reports its own errors, and a future of it has none to lose (KN302).
    /// Python. Not printed.
    pub catches_all: Vec<String>,
    /// Spans of submits handing the pool a callable for the work's exception (an executor
    /// model's `error_callback`: `pool.apply_async(f, error_callback=log)`): their future has no
    /// exception left to lose (KN302). Python. Not printed.
    pub error_reported_submits: Vec<Span>,
    /// Cleanup code of plain generators (function, span): a `finally` or a handler catching
    /// `GeneratorExit` around a `yield`, which runs when the generator is closed, by the
    /// garbage collector when it is abandoned (KN202). Python. Not printed.
    pub generator_cleanups: Vec<(Name, Span)>,
    /// Plain generator functions (qualified names): a `def` with a `yield` and no decorator,
    /// whose call runs none of its body (Python). Not printed.
    pub plain_generators: Vec<String>,
    /// Calls whose value their function hands back as it is (`return lines(path)`, or `it =
    /// lines(path)` read only by `return it`), sorted: a plain generator called there runs
    /// nowhere in that function (KN501, Python). Not printed.
    pub handed_back_calls: Vec<Span>,
    /// Calls awaited where they are made (`await f(x)`), sorted (Python). Not printed.
    pub awaited_calls: Vec<Span>,
    /// Plain `def`s (qualified names) under a decorator other than `staticmethod` and
    /// `classmethod` (Python): one whose call is awaited was made awaitable by its decorator
    /// (`@sync_to_async`, a decorator running it in a worker thread), so the `await` need not
    /// run its body on the loop's thread (KN501). Not printed.
    pub wrapped_sync: Vec<String>,
    /// Functions under a decorator of the program, spelled as a path: (function, decorator,
    /// whether the decorator is called first: `@cache(ttl=10)`). A call of the function runs the
    /// wrapper the decorator returns (`CallGraph::add_decorator_calls`). Python. Not printed.
    pub decorated: Vec<(Name, Name, bool)>,
    /// Spans of the reads that iterate a container (`for k in d:`, `for k, v in d.items():`, a
    /// comprehension over it): another thread adding or removing entries meanwhile breaks the
    /// iteration (KN103). Python. Not printed.
    pub iterations: Vec<Span>,
    /// The process start method the module sets for the whole program
    /// (`multiprocessing.set_start_method("fork")`), with the call's span (Python).
    pub start_method: Option<(String, Span)>,
}

#[derive(Clone, Debug)]
pub struct ImportFact {
    /// Fully qualified imported name: `socket`, `time.sleep`, `gevent.monkey`.
    pub name: String,
    pub span: Span,
    pub top_level: bool,
}

/// A class (Python) or a struct/enum with impl blocks (Rust).
#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub span: Span,
    /// Base classes as the front-end resolved them (`threading.Thread`, `pkg.mod.Base`). Rust:
    /// the traits of the crate a type implements (`impl Trait for Type`), where the call graph
    /// finds the implementations of a trait's methods.
    pub bases: Vec<String>,
    /// Python `class C(metaclass=M)`: calling `C(..)` runs `M.__call__` when `M` defines it.
    pub metaclass: Option<String>,
    /// A Rust trait: its methods are lowered as functions of the trait (empty when it gives no
    /// default body), and a call of one on a receiver of unknown type (`adapter.options()` on
    /// an `Arc<dyn Adapter>`) runs one of its implementations (`CallGraph::dispatch`).
    pub interface: bool,
}

/// A function, method, closure body or a module's top-level code.
#[derive(Clone, Debug)]
pub struct Function {
    /// Unique qualified name: `pkg.mod.Class.method`, `pkg.mod.outer.<locals>.inner`,
    /// `crate::m::Type::method`, `pkg.mod.<module>` for top-level code.
    pub name: String,
    /// The short name as written (`method`, `<module>`, `<lambda>`, `<closure>`).
    pub short_name: String,
    /// The enclosing class (Python) or impl's self type (Rust), for methods.
    pub class: Option<String>,
    /// Span of the name in the definition (where "defined here" points).
    pub span: Span,
    pub is_async: bool,
    pub is_module_body: bool,
    /// Parameter names in order, `self` included when present.
    pub params: Vec<String>,
    pub body: Vec<Stmt>,
}

// Statements are most of a program's IR (a quarter of a million on 1,000 files): the common
// ones, events, stay a few words, and lists that are usually empty or short are one word
// (`ThinVec`), so a branch or a loop is no larger than an event.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Stmt>() <= 64);

/// A statement in a function's structured body. Regions, not a CFG: analyses that need paths
/// build them from this shape.
#[derive(Clone, Debug)]
pub enum Stmt {
    Event(Event),
    /// A lock held for the duration of `body`: Python `with lock:` / `async with lock:`, a Rust
    /// guard from its creation to its drop (end of block, `drop(g)`, end of statement for a
    /// temporary, end of `match` for a scrutinee guard).
    Hold {
        lock: LockUse,
        body: ThinVec<Stmt>,
    },
    /// `if`/`elif`/`else`, `match`: `cond` holds the events of the test expressions (reads that
    /// decide the branch), `arms` one body per arm. A missing `else` is an empty arm.
    Branch {
        cond: ThinVec<Stmt>,
        arms: ThinVec<Vec<Stmt>>,
        span: Span,
    },
    /// `for`/`while`/`loop`: `cond` holds events of the loop header, evaluated every iteration.
    Loop {
        cond: ThinVec<Stmt>,
        body: ThinVec<Stmt>,
        /// The header never ends the loop (`while True:`, Rust `loop`): only `break`, `return`
        /// or a raise leave it.
        infinite: bool,
        span: Span,
    },
    /// `try`/`except`/`else`/`finally`.
    Try {
        body: ThinVec<Stmt>,
        handlers: ThinVec<Vec<Stmt>>,
        orelse: ThinVec<Stmt>,
        finally: ThinVec<Stmt>,
        /// Every handler names only exceptions that a failing I/O call does not raise
        /// (`except BlockingIOError:`, `except KeyError:`): an `OSError` from the body
        /// leaves the `try` uncaught.
        lets_os_errors_out: bool,
        span: Span,
    },
    /// A nested region the front-end could not classify but whose events still run in order
    /// (a `with` on a non-lock context manager keeps `Open`/`Close` around it, etc.).
    Block(ThinVec<Stmt>),
    Return(Span),
    /// Rust: the error path of a `?` that leaves the function (not one inside a closure, an
    /// `async` block or a `try` block, which end there): the function may return at `at` (the
    /// `?`) with the error of `expr` (the whole `expr?`), and otherwise goes on. Only the
    /// drop-leak walk follows it; other analyses pass over it as before.
    ErrorReturn {
        expr: Span,
        at: Span,
    },
    Raise(Span),
    Break(Span),
    Continue(Span),
}

/// How a lock is taken at one site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockUse {
    pub lock: Place,
    pub mode: LockMode,
    /// False for a try-acquire or an acquire with a timeout: it cannot wait forever, so it adds
    /// no lock-order edge.
    pub blocking: bool,
    /// `async with` / `.lock().await`: the task, not the thread, waits.
    pub is_async: bool,
    /// The API the front-end matched (`threading.Lock.acquire`, `std::sync::Mutex::lock`), when
    /// it knew the type at the site; analyses otherwise find the type through [`PlaceDecl`]s.
    pub api: Option<Name>,
    /// The object whose field the lock is (`other` in `with other.lock:`), when the front-end
    /// knows its place: tells two instances of one class apart, which the lock's place (its
    /// class) does not.
    pub owner: Option<Place>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockMode {
    Exclusive,
    Read,
    Write,
}

/// Where a value lives: the identity of a lock (lockdep's lock class) or of shared state.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A module-level (Python) or `static` (Rust) name: `pkg.mod.LOCK`, `crate::m::COUNTER`.
    Global(Name),
    /// An attribute/field of every instance of a class: `(pkg.mod.Cache, _lock)`. Nested
    /// attributes whose intermediate type is unknown keep the dotted rest: `stats.count`.
    Field { class: Name, field: Name },
    /// A local variable of one function (closures and nested functions that capture it name the
    /// defining function). A Rust `let` shadowing a name with a new value is a local of its
    /// own (see [`spelled_local`]).
    Local { function: Name, name: Name },
    /// The `index`-th parameter of `function` (`self` counts); substituted with the caller's
    /// argument place at resolvable call sites.
    Param { function: Name, index: u32 },
}

/// A local's name as the source spells it. A Rust `let` binding a new value over a name still
/// in scope names a local of its own, `name'1`, `name'2`, .. (`'` is in no identifier).
pub fn spelled_local(name: &str) -> &str {
    name.split_once('\'').map_or(name, |(spelled, _)| spelled)
}

/// A value seen constructed or declared at a place: `self._lock = threading.RLock()`,
/// `static M: Mutex<..>`, `struct S { m: RwLock<..> }`, `q = queue.Queue()`.
#[derive(Clone, Debug)]
pub struct PlaceDecl {
    pub place: Place,
    /// The constructor or type as a qualified API name (`threading.RLock`,
    /// `std::sync::Mutex`), or a class of the checked code (`pkg.mod.Worker`).
    pub ty: Name,
    /// Places passed to the constructor, in order (`Condition(self._lock)` -> `[Some(_lock)]`).
    pub args: Vec<Option<Place>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessKind {
    Read,
    Write,
    /// One statement that reads then writes: `x += 1`, `d[k] = d.get(k, 0) + 1`, `lst = lst + [y]`.
    ReadModifyWrite,
}

/// Whether an [`Event::Access`] is one atomic operation, and what its result decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Atomicity {
    /// A plain access: a race when threads share the place unlocked.
    Plain,
    /// One atomic operation: a `load`, a `store`, a compare-exchange, or an update whose result
    /// the code uses.
    Atomic,
    /// An update that moves the value by an amount (`fetch_add`, `up`, or `fetch_sub`) and
    /// whose result (the value before it) the code uses: `let old = count.fetch_add(1, ..);`.
    Count { up: bool },
    /// An atomic update whose result the code discards (`bits.fetch_or(bit, ..);`): it reads
    /// nothing the code looks at, so whatever decided to make it was read before it.
    BlindUpdate,
    /// A [`Atomicity::BlindUpdate`] that moves the value by an amount (`fetch_add`,
    /// `fetch_sub`): made twice by two threads that both decided to, it counts twice.
    BlindCount,
    /// A compare-exchange whose result the code discards (`a.compare_exchange(0, n, ..).ok();`):
    /// the code goes on without knowing whether it changed the value, so it is no retry loop.
    BlindExchange,
}

impl Atomicity {
    pub fn is_atomic(self) -> bool {
        self != Atomicity::Plain
    }

    pub fn is_blind(self) -> bool {
        matches!(
            self,
            Atomicity::BlindUpdate | Atomicity::BlindCount | Atomicity::BlindExchange
        )
    }
}

/// The kind of concurrent work a spawn starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExecCtx {
    Thread,
    Process,
    Task,
    Greenlet,
    /// A callback on a Twisted reactor or an event loop thread.
    Reactor,
}

/// A literal argument a branch of the callee can be decided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Constant {
    True,
    False,
    None,
}

/// The arguments a call passes: how many by position, the keywords' names, and whether it
/// unpacks `*args` or `**kwargs` (which may pass any parameter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallShape {
    pub positional: u32,
    /// One word, none allocated for the many calls passing no keyword: every Python call has a
    /// shape.
    pub keywords: ThinVec<Name>,
    pub unpacks: bool,
}

/// Which argument of a call: by position (as written, the receiver of a method call not
/// counted) or by keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgKey {
    Position(u32),
    Keyword(Name),
}

/// A branch whose test is a parameter of its function: `arms[c]` is the arm that certainly
/// runs when the call passes the constant `c` (`Constant as usize`), `None` when the test
/// still depends on something else (`if force_async or isawaitable(delay):` with `False`).
#[derive(Clone, Debug)]
pub struct ParamTest {
    pub branch: Span,
    pub param: u32,
    pub arms: [Option<u8>; 3],
}

/// The local a front-end binds a value to when the code puts it in a list, tuple, set or dict
/// display that a local holds (`inputs = [sock, sys.stdin]`): the value goes where the
/// container goes, which the IR does not follow. A bind into it hands a resource on, but to no
/// owner the code names.
pub const CONTAINER_LOCAL: &str = "<container>";

/// The callee of the call a Python context manager's `yield` stands for (`@contextmanager`): the
/// caller's `with` body runs there, and what it raises is raised there.
pub const WITH_BODY: &str = "contextlib.<with-body>";

/// As [`CONTAINER_LOCAL`], for a display passed, returned or stored elsewhere (`Server([sock])`,
/// `return f, meta`): the container goes to an owner.
pub const HANDED_CONTAINER: &str = "<handed container>";

/// What a call names, as far as one file can tell. Resolved program-wide by `analysis::callgraph`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Callee {
    /// A qualified name through imports: `pkg.mod.func`, `pkg.mod.Class` (a constructor),
    /// `threading.Thread`, `crate::m::helper`, `std::thread::spawn`.
    Path(Name),
    /// A method on a receiver whose class is known (`self.m()`, `self.conn.m()` with a known
    /// field type, `Type::m(..)`); resolved through the class and its bases.
    Method { class: Name, method: Name },
    /// A method on a receiver of unknown type; never resolved to a definition (precision first)
    /// but kept so that models can match distinctive names (`run_in_executor`).
    Dynamic { method: Name },
}

#[derive(Clone, Debug)]
pub enum Event {
    /// A call. `args` holds the place of each positional argument where it is one (a lock or
    /// shared object passed along), so summaries can substitute parameters.
    Call {
        callee: Callee,
        args: ThinVec<Option<Place>>,
        /// Keyword arguments that are places, by parameter name (`f(lock=self._lock)`).
        kwargs: ThinVec<(Name, Place)>,
        /// The object a method call runs on, where the front-end knows its place and keeps it
        /// out of `args` (Python's `other.deposit(1)`; Rust passes it as `args[0]`).
        receiver: Option<Place>,
        span: Span,
    },
    /// An explicit `lock.acquire()` (released later by a matching `Release`, not by scope).
    Acquire(LockUse),
    Release {
        lock: Place,
        span: Span,
    },
    /// A method called on a known place that is not a lock operation: `cond.wait()`,
    /// `q.put(x)`, `fut.result()`, `ev.set()`. Analyses give it meaning through the place's
    /// [`PlaceDecl`] type and the models.
    MethodCall {
        place: Place,
        method: Name,
        /// Places passed as arguments, positional or by keyword (`ctx.wrap_socket(sock)`):
        /// the method may keep them.
        args: ThinVec<Place>,
        span: Span,
    },
    /// Concurrent work started: a thread, process, task, greenlet. `handle` is where the
    /// handle is kept (`None` when dropped at once).
    Spawn {
        target: Option<Callee>,
        /// The object a bound-method target runs on (`server` in
        /// `Thread(target=server.serve_forever)`), when the front-end knows its place.
        receiver: Option<Place>,
        ctx: ExecCtx,
        api: Name,
        handle: Option<Place>,
        args: ThinVec<Option<Place>>,
        /// Starts its work once even inside a loop: one of the elements of a list of threads made
        /// one by one (`for t in [Thread(target=a), Thread(target=b)]: t.start()`).
        once: bool,
        span: Span,
    },
    Join {
        handle: Place,
        /// Given a timeout (`t.join(5)`): it may return while the work still runs.
        timed: bool,
        span: Span,
    },
    Access {
        place: Place,
        kind: AccessKind,
        atomic: Atomicity,
        span: Span,
    },
    /// A resource opened (file, socket, executor, pool, process). `managed` when a `with`
    /// statement closes it.
    Open {
        resource: Option<Place>,
        api: Name,
        managed: bool,
        span: Span,
    },
    Close {
        resource: Place,
        span: Span,
    },
    /// A call that blocks the calling thread (`time.sleep`, `requests.get`, `std::fs::read`).
    Blocking {
        api: Name,
        instead: Option<Name>,
        /// The places passed to it (`concurrent.futures.wait(futures)` consults `futures`).
        args: ThinVec<Place>,
        span: Span,
    },
    /// An `await` / `.await` suspension point.
    Await {
        span: Span,
    },
    /// Two objects ordered against each other (`id(a) < id(b)`, `a.key > b.key`): code that
    /// compares them can take their locks in that order.
    Compare {
        left: Place,
        right: Place,
        span: Span,
    },
    /// A branch condition that tests whether a local holds an object at all (`if x`, `if not
    /// x`, `if x is None`, `if x is not None`): arm `absent` of the branch runs only when it
    /// holds `None` (or another false value), so no object is there on that arm.
    Test {
        place: Place,
        absent: usize,
        span: Span,
    },
    /// A value bound to a place: `x = f()`, `self.sock = sock`, `let h = spawn(..)`,
    /// `a = b = f()` (one event per target). `value` is the place read when the right-hand
    /// side is just a place (`sock`), else `None`; `rhs` is the right-hand side's span, so
    /// analyses can tie the result of the call or spawn spanning it to `target` (and know a
    /// value built inside a larger expression, `[submit(..) for ..]`, ends up there too).
    Bind {
        target: Place,
        value: Option<Place>,
        /// The literal stored when the right-hand side is one (`True`, `None`, `0`, `'idle'`),
        /// as the source language spells it: two writes of one constant lose no update.
        constant: Option<Name>,
        rhs: Span,
        span: Span,
    },
}

impl Event {
    pub fn span(&self) -> Span {
        match self {
            Event::Call { span, .. }
            | Event::Release { span, .. }
            | Event::MethodCall { span, .. }
            | Event::Spawn { span, .. }
            | Event::Join { span, .. }
            | Event::Access { span, .. }
            | Event::Open { span, .. }
            | Event::Close { span, .. }
            | Event::Blocking { span, .. }
            | Event::Bind { span, .. }
            | Event::Compare { span, .. }
            | Event::Test { span, .. }
            | Event::Await { span } => *span,
            Event::Acquire(l) => l.span,
        }
    }
}

impl Program {
    /// All functions of all modules, with their module.
    pub fn functions(&self) -> impl Iterator<Item = (&Module, &Function)> {
        self.modules
            .iter()
            .flat_map(|m| m.functions.iter().map(move |f| (m, f)))
    }
}

/// Gives back the spare capacity of `body` and of every nested body. A front-end builds bodies
/// by pushing, and most hold one or two statements in room for four: shrinking them once a
/// module is lowered cuts the memory of the whole program's IR by about a third.
pub fn shrink_body(body: &mut Vec<Stmt>) {
    body.shrink_to_fit();
    shrink_nested(body);
}

fn shrink_thin(body: &mut ThinVec<Stmt>) {
    body.shrink_to_fit();
    shrink_nested(body);
}

fn shrink_nested(body: &mut [Stmt]) {
    for stmt in body {
        match stmt {
            Stmt::Hold { body, .. } | Stmt::Block(body) => shrink_thin(body),
            Stmt::Branch { cond, arms, .. } => {
                shrink_thin(cond);
                arms.shrink_to_fit();
                arms.iter_mut().for_each(shrink_body);
            }
            Stmt::Loop { cond, body, .. } => {
                shrink_thin(cond);
                shrink_thin(body);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                shrink_thin(body);
                handlers.shrink_to_fit();
                handlers.iter_mut().for_each(shrink_body);
                shrink_thin(orelse);
                shrink_thin(finally);
            }
            Stmt::Event(_)
            | Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }
}

impl Module {
    /// Gives back the spare capacity of every list the module holds (see [`shrink_body`]).
    pub fn shrink(&mut self) {
        self.functions.shrink_to_fit();
        for f in &mut self.functions {
            shrink_body(&mut f.body);
        }
        self.classes.shrink_to_fit();
        self.decls.shrink_to_fit();
        self.aliases.shrink_to_fit();
    }
}

impl Stmt {
    /// Calls `visit` on each statement list directly inside this statement (a `Hold`'s body, a
    /// branch's condition and arms, ...), in source order.
    pub fn each_body<'a>(&'a self, visit: &mut dyn FnMut(&'a [Stmt])) {
        match self {
            Stmt::Hold { body, .. } | Stmt::Block(body) => visit(body),
            Stmt::Branch { cond, arms, .. } => {
                visit(cond);
                for arm in arms {
                    visit(arm);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                visit(cond);
                visit(body);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                visit(body);
                for h in handlers {
                    visit(h);
                }
                visit(orelse);
                visit(finally);
            }
            Stmt::Event(_)
            | Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }
}

/// The outermost loop of `body` whose span holds `at` (a call or spawn inside it runs again on
/// every later turn), if any.
pub fn loop_around(body: &[Stmt], at: Span) -> Option<Span> {
    let mut outer: Option<Span> = None;
    walk_stmts(body, &mut |s| {
        if let Stmt::Loop { span, .. } = s {
            if span.start <= at.start
                && at.end <= span.end
                && outer.is_none_or(|o| span.start < o.start)
            {
                outer = Some(*span);
            }
        }
    });
    outer
}

/// Calls `visit` on every statement of `body`, depth first, in source order.
pub fn walk_stmts<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a Stmt)) {
    for stmt in body {
        visit(stmt);
        stmt.each_body(&mut |b| walk_stmts(b, visit));
    }
}

/// Visits `body` and every statement list nested in it (arms, loop bodies, held sections).
pub fn walk_lists<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a [Stmt])) {
    visit(body);
    walk_stmts(body, &mut |s| s.each_body(&mut |b| visit(b)));
}

/// [`walk_events`] with mutable access (front-end post-passes that rewrite events in place).
pub fn walk_events_mut(body: &mut [Stmt], visit: &mut dyn FnMut(&mut Event)) {
    for s in body {
        match s {
            Stmt::Event(e) => visit(e),
            Stmt::Hold { body, .. } | Stmt::Block(body) => walk_events_mut(body, visit),
            Stmt::Branch { cond, arms, .. } => {
                walk_events_mut(cond, visit);
                for a in arms.iter_mut() {
                    walk_events_mut(a, visit);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                walk_events_mut(cond, visit);
                walk_events_mut(body, visit);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                walk_events_mut(body, visit);
                for h in handlers.iter_mut() {
                    walk_events_mut(h, visit);
                }
                walk_events_mut(orelse, visit);
                walk_events_mut(finally, visit);
            }
            Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }
}

/// Calls `visit` on every event of `body`, depth first, in source order.
pub fn walk_events<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a Event)) {
    walk_stmts(body, &mut |s| {
        if let Stmt::Event(e) = s {
            visit(e)
        }
    });
}
