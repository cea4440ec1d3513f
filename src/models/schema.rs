//! The API-model file format: what library calls mean for concurrency. One TOML file per
//! library under `rules/models/<lang>/`, same schema for users' `[tool.knot.models]`.
//! `deny_unknown_fields` everywhere so a typo fails loudly (KN003 for users, a test for us).

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Top-level package (Python) or crate / std module (Rust) the entries belong to.
    pub library: String,
    /// `python` or `rust`.
    pub language: String,
    #[serde(default)]
    pub lock: Vec<LockModel>,
    #[serde(default)]
    pub spawn: Vec<SpawnModel>,
    #[serde(default)]
    pub executor: Vec<ExecutorModel>,
    #[serde(default)]
    pub blocking: Vec<BlockingModel>,
    #[serde(default)]
    pub resource: Vec<ResourceModel>,
    #[serde(default)]
    pub thread_safe: Vec<ThreadSafeModel>,
    #[serde(default)]
    pub process_shared: Vec<ProcessSharedModel>,
    #[serde(default)]
    pub atomic: Vec<AtomicModel>,
    #[serde(default)]
    pub timeout: Vec<TimeoutModel>,
    #[serde(default)]
    pub factory: Vec<FactoryModel>,
    #[serde(default)]
    pub tuple_factory: Vec<TupleFactoryModel>,
    #[serde(default)]
    pub once: Vec<OnceModel>,
    #[serde(default)]
    pub coroutine: Vec<CoroutineModel>,
    #[serde(default)]
    pub loop_bound: Vec<LoopBoundModel>,
    #[serde(default)]
    pub loop_runner: Vec<LoopRunnerModel>,
    #[serde(default)]
    pub python_container: Vec<PythonContainerModel>,
    #[serde(default)]
    pub iterating_call: Vec<IteratingCallModel>,
    #[serde(default)]
    pub loop_callback: Vec<LoopCallbackModel>,
    #[serde(default)]
    pub fork: Vec<ForkModel>,
    #[serde(default)]
    pub memoizer: Vec<MemoizerModel>,
    #[serde(default)]
    pub locking_decorator: Vec<LockingDecoratorModel>,
    #[serde(default)]
    pub infallible: Vec<InfallibleModel>,
    #[serde(default)]
    pub exit: Vec<ExitModel>,
    #[serde(default)]
    pub finalizer: Vec<FinalizerModel>,
    #[serde(default)]
    pub threaded_library: Vec<ThreadedLibraryModel>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LockKind {
    #[default]
    Mutex,
    RwLock,
    Semaphore,
    Condition,
}

/// A lock type: `threading.Lock`, `std::sync::Mutex`, `tokio::sync::RwLock`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockModel {
    /// Qualified constructor (Python) or type path (Rust).
    pub new: String,
    #[serde(default)]
    pub kind: LockKind,
    #[serde(default)]
    pub reentrant: bool,
    /// Methods that take the lock and may wait forever (`acquire`, `lock`).
    #[serde(default)]
    pub acquire: Vec<String>,
    /// Methods that take the lock without waiting forever (`try_lock`); no lock-order edge.
    #[serde(default)]
    pub try_acquire: Vec<String>,
    #[serde(default)]
    pub release: Vec<String>,
    /// Shared / exclusive acquire methods of a reader-writer lock.
    #[serde(default)]
    pub read: Vec<String>,
    #[serde(default)]
    pub write: Vec<String>,
    /// Read methods that a waiting writer does not block (parking_lot's `read_recursive`).
    /// Any other read taken again by a thread that holds a read may wait behind a writer that
    /// queued in between, which waits for the first read: a deadlock.
    #[serde(default)]
    pub read_recursive: Vec<String>,
    /// Rust: the acquire returns a guard whose drop releases the lock.
    #[serde(default)]
    pub guard: bool,
    /// The acquire is awaited (asyncio, tokio): safe to hold across an await.
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// Condition: the positional argument that is the underlying lock (`Condition(lock)`),
    /// `None` when the condition makes its own.
    #[serde(default)]
    pub wraps: Option<usize>,
    /// Condition: the keyword that names the same argument (`Condition(lock=l)`).
    #[serde(default)]
    pub wraps_keyword: Option<String>,
    /// Condition variable methods that need the lock held.
    #[serde(default)]
    pub wait: Vec<String>,
    /// Waits that re-check a predicate themselves (`wait_for`), so they need no loop around.
    #[serde(default)]
    pub wait_predicate: Vec<String>,
    #[serde(default)]
    pub notify: Vec<String>,
    /// Waits that return only once notified: no timeout, no predicate, and a condition
    /// variable without spurious wakeups (`parking_lot::Condvar::wait`).
    #[serde(default)]
    pub notified_wait: Vec<String>,
    /// Methods that take the lock for the call alone and act on the data behind it, returning
    /// no guard (a concurrent map's `contains_key`, `len`): each call is a critical section of
    /// its own. Shared (`read_calls`) and exclusive (`write_calls`, `insert`, `remove`).
    #[serde(default)]
    pub read_calls: Vec<String>,
    #[serde(default)]
    pub write_calls: Vec<String>,
}

/// Where a callable finds an argument: by keyword and/or position (0-based, not counting `self`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArgRef {
    #[serde(default)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub position: Option<usize>,
}

/// Something that starts concurrent work: a constructor whose instance is started later
/// (`threading.Thread` + `start`), or a call that starts at once (`asyncio.create_task`,
/// `std::thread::spawn`), or a distinctive method on a receiver of any type (`run_in_executor`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpawnModel {
    #[serde(default)]
    pub new: Option<String>,
    #[serde(default)]
    pub call: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    /// The callable that runs concurrently.
    #[serde(default)]
    pub target: Option<ArgRef>,
    /// The arguments passed to the target (`args=(..)`), whose places become shared.
    #[serde(default)]
    pub args: Option<ArgRef>,
    /// A flag that, true, makes the worker die with the program (`Thread(daemon=True)`): such a
    /// worker needs no join.
    #[serde(default)]
    pub daemon: Option<ArgRef>,
    /// Method that starts an instance made by `new`; absent when creation starts it.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub join: Vec<String>,
    /// The type of the handle a spawn call returns (`std::thread::JoinHandle`), where dropping
    /// it detaches the work: a field holding `Option<handle>` emptied by a bare `.take();` drops it.
    #[serde(default)]
    pub handle: Option<String>,
    /// thread | process | task | greenlet | reactor
    pub context: String,
    /// For classes meant to be subclassed (`threading.Thread`): the method that runs.
    #[serde(default)]
    pub subclass_entry: Option<String>,
    /// Calls that return the handle of the thread running them (`threading.current_thread`):
    /// joining what they return is a thread joining itself.
    #[serde(default)]
    pub current: Vec<String>,
    /// Every positional argument is a separate target (`asyncio.gather(a(), b())`).
    #[serde(default)]
    pub each_arg: bool,
    /// A server whose `target` is a request-handler class: the handler methods that run once
    /// per request, each request on its own thread and its own handler instance (`handle`;
    /// a trailing `*` matches any suffix: `do_*`).
    #[serde(default)]
    pub handler_entry: Vec<String>,
    /// Attributes of a handler instance that refer to objects every request shares (`server`).
    #[serde(default)]
    pub handler_shared: Vec<String>,
    /// The call returns only when its targets are done (`rayon::join`, `par_iter().for_each`):
    /// the caller does not run alongside them.
    #[serde(default)]
    pub joined: bool,
    /// The target runs many times at once (`par_iter().for_each(f)` runs `f` per item).
    #[serde(default)]
    pub many: bool,
    /// The library keeps the work and waits for it itself (a `TaskGroup`'s tasks, awaited when
    /// its `async with` ends): a dropped handle loses nothing.
    #[serde(default)]
    pub kept: bool,
    /// For a `method` spawn: only on a receiver chain that called one of these methods
    /// (`for_each` after `par_iter`, not an ordinary iterator's).
    #[serde(default)]
    pub after: Vec<String>,
    /// Tasks of this kind run in parallel on a multi-threaded runtime (`tokio::spawn`), so they
    /// race like threads.
    #[serde(default)]
    pub parallel: bool,
    /// A future or task given as the target is returned as it is, and nothing new starts
    /// (`asyncio.ensure_future(task)`).
    #[serde(default)]
    pub passes_futures: bool,
}

/// A pool: `ThreadPoolExecutor`, `multiprocessing.Pool`, `gevent.pool.Pool`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutorModel {
    pub new: String,
    /// Methods that run their first argument concurrently and return a future/result handle.
    #[serde(default)]
    pub submit: Vec<String>,
    /// Methods that run their first argument over an iterable.
    #[serde(default)]
    pub map: Vec<String>,
    /// Those of `map` that return before the work is done, with a handle to its results
    /// (`map_async`'s `AsyncResult`, `imap`'s iterator) rather than the results.
    #[serde(default)]
    pub map_handle: Vec<String>,
    #[serde(default)]
    pub shutdown: Vec<String>,
    /// Methods of the pool that wait until the work handed to it has finished (`shutdown()`,
    /// `Pool.join()`): called holding a lock the work takes, they never return (KN204).
    #[serde(default)]
    pub waits_for_work: Vec<String>,
    /// The argument of a `waits_for_work` method that, given a false literal, makes it return
    /// at once (`shutdown(wait=False)`).
    #[serde(default)]
    pub waits_unless_false: Option<ArgRef>,
    /// Methods of the handle `submit` returns that wait for its work (`Future.result()`,
    /// `AsyncResult.get()`): a join of that work.
    #[serde(default)]
    pub handle_waits: Vec<String>,
    /// Methods of a returned future that run a callable when the work finishes, on the
    /// worker's side (`add_done_callback`).
    #[serde(default)]
    pub done_callback: Vec<String>,
    /// The constructor's argument naming a callable every worker runs once when it starts
    /// (`ThreadPoolExecutor(initializer=f)`), and the one holding its arguments.
    #[serde(default)]
    pub initializer: Option<ArgRef>,
    #[serde(default)]
    pub initargs: Option<ArgRef>,
    /// The constructor's argument giving the number of workers: given a literal `1`, the pool
    /// runs its jobs one at a time, so no two of them overlap.
    #[serde(default)]
    pub workers: Option<ArgRef>,
    pub context: String,
    /// Workers start at the first submission (`ThreadPoolExecutor`): a pool left by an
    /// exception before any work reached it leaks no worker (KN301).
    #[serde(default)]
    pub lazy_workers: bool,
    /// The library reports an exception the work leaves uncaught (gevent's hub prints the failed
    /// greenlet), so a handle nobody consults loses nothing (KN302).
    #[serde(default)]
    pub reports_errors: bool,
    /// Those of `submit` that wait for the work and return its result (`Pool.apply`): its
    /// exception is raised in the caller, and no future is left to check (KN302).
    #[serde(default)]
    pub waits: Vec<String>,
    /// The argument of a `submit` method naming a callable the pool hands the work's exception
    /// (`apply_async(f, error_callback=log)`): given one, the future has no exception left to
    /// lose (KN302).
    #[serde(default)]
    pub error_callback: Option<ArgRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockingModel {
    /// Qualified function or method (`time.sleep`, `socket.socket.recv`, `std::fs::read`).
    pub call: String,
    /// The non-blocking alternative to suggest.
    #[serde(default)]
    pub instead: Option<String>,
    /// Names that, passed to the call, make it return at once (`AI_NUMERICHOST`: no DNS lookup).
    #[serde(default)]
    pub unless_arg: Vec<String>,
    /// Names that, passed to the constructor of the receiver, make the method return at once
    /// (`SOCK_DGRAM`: a datagram socket's `connect` only records its peer).
    #[serde(default)]
    pub unless_constructed_with: Vec<String>,
    /// An argument that, given a literal `False` or `0`, makes the call return at once
    /// (`q.get(block=False)`, `q.get(timeout=0)`).
    #[serde(default)]
    pub unless_false: Vec<ArgRef>,
    /// Methods of the receiver that, testing it in an enclosing `if` or `while` (not empty:
    /// `while not q.empty(): q.get()`, `if q.qsize(): ..`; a loop not running: `if not
    /// loop.is_running():`; a process exited: `if p.poll() is not None:`, or past `while
    /// p.poll() is None:` with no `break`), make the call return at once.
    #[serde(default)]
    pub unless_tested: Vec<String>,
    /// The call looks up the address it is given before it acts: a literal numeric address
    /// (`"127.0.0.1:0"`, `("::1", 8080)`) needs no lookup, and binding it returns at once.
    #[serde(default)]
    pub unless_literal_address: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceModel {
    /// Qualified opener (`open`, `socket.socket`, `subprocess.Popen`).
    pub open: String,
    /// Holds nothing of the system before its first use (`requests.Session` opens its
    /// sockets with its first request): nothing leaks on an exception before that use.
    #[serde(default)]
    pub lazy: bool,
    /// Methods that release it.
    #[serde(default)]
    pub close: Vec<String>,
    /// Methods that read it to its end and so release what it holds (an HTTP response's
    /// `read()` closes its connection): dropped right after one, it leaks nothing.
    #[serde(default)]
    pub drained_by: Vec<String>,
    /// Its own methods that commonly fail at run time (`connect`, `bind`): a resource set up
    /// through one of them and then handed on (returned, stored) leaks when it raises.
    #[serde(default)]
    pub fails: Vec<String>,
    /// Methods of other objects that run one of those failing calls on it
    /// (`loop.sock_connect(sock, address)`): the resource stays the caller's, and the call
    /// fails as its own would.
    #[serde(default)]
    pub fails_via: Vec<String>,
    /// Leaving its `with` block kills the work still running (`Pool.__exit__` calls
    /// `terminate()`): work handed to it and not waited for inside the block is lost.
    #[serde(default)]
    pub exit_kills: bool,
    /// Methods that wait for its workers (`join`, `terminate`): when set, a close that only
    /// stops new work (`Pool.close`) with none of them after it leaves the workers unreaped.
    #[serde(default)]
    pub reaped_by: Vec<String>,
    /// File objects the resource opens beside itself when asked to (`stdout=subprocess.PIPE`
    /// makes `proc.stdout`): each must be closed too, and the resource's own `close` methods
    /// (`wait`, `kill`) do not close them.
    #[serde(default)]
    pub pipes: Option<PipesModel>,
    /// Methods that ask whether it still runs (`poll`): it runs on its own (a process), so a
    /// path returning with it open is reported even after an exception path, unless the
    /// function asks one of these anywhere, which means it leaves it running on purpose.
    #[serde(default)]
    pub liveness: Vec<String>,
    /// Rust: the type of what the opener returns, when the opener is a method of another type
    /// (`std::process::Command::spawn` returns a `std::process::Child`). Such a resource is
    /// not released by its drop: a value of this type dropped unreleased leaks, and so does a
    /// parameter of this type taken by value.
    #[serde(default)]
    pub returns: Option<String>,
    /// Rust: its own methods that leave it unreleased (`kill`, `id`). Any other method of it
    /// counts as a release, since an extension trait's method may wait for it
    /// (`wait_timeout`).
    #[serde(default)]
    pub keeps: Vec<String>,
    /// Its methods returning an object that keeps it alive and uses it (a manager's `list()`,
    /// `dict()`, `Queue()` proxies): it lives as long as their result, so a result handed to
    /// the caller (returned, stored in a field or global) hands the resource on with it; one
    /// only kept in locals dies with the call, and the resource is left to the collector.
    #[serde(default)]
    pub proxies: Vec<String>,
    /// Rust: its own methods that stop it without releasing it (`kill`): a function asking
    /// whether it still runs (`liveness`) still leaks one it stops, on a path leaving with no
    /// release after the stop.
    #[serde(default)]
    pub stops: Vec<String>,
}

/// The pipes of a resource: which keyword arguments, given which value, open one named after
/// the keyword, and which of the resource's methods close them all.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipesModel {
    /// The value asking for a pipe (`subprocess.PIPE`).
    pub value: String,
    /// Keyword arguments naming the pipes (`stdin`, `stdout`, `stderr`): the pipe is the
    /// resource's attribute of that name.
    pub keywords: Vec<String>,
    /// Methods of the resource that close every pipe (`communicate`); `with` does too.
    #[serde(default)]
    pub closed_by: Vec<String>,
    /// The pipes the child writes into (`stdout`, `stderr`): the child stops at a write once
    /// the pipe's buffer is full, until the parent reads.
    #[serde(default)]
    pub written_by_child: Vec<String>,
    /// Methods of the resource that wait for the child to exit without reading its pipes
    /// (`wait`): made before the parent reads a pipe the child writes, the two wait for each
    /// other once the output outgrows the buffer (KN204).
    #[serde(default)]
    pub exit_waits: Vec<String>,
    /// Methods of the resource that end the child (`kill`, `terminate`): a wait after one
    /// returns whatever the pipes hold.
    #[serde(default)]
    pub stopped_by: Vec<String>,
}

/// A type whose single operations are safe from any thread (`queue.Queue`, `threading.Event`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadSafeModel {
    #[serde(rename = "type")]
    pub ty: String,
    /// Each thread sees its own value of the object's attributes (`threading.local`): a flag
    /// set there says what this thread is doing.
    #[serde(default)]
    pub per_thread: bool,
}

/// Memory that processes share (`multiprocessing.Value`, `Array`): what one process writes to
/// it, another reads. Its single reads and writes are not atomic updates: `v.value += 1` from
/// two processes loses counts unless both hold the object's lock.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessSharedModel {
    #[serde(rename = "type")]
    pub ty: String,
    /// The method returning the lock that guards it (`get_lock`), when it has one.
    #[serde(default)]
    pub lock_method: Option<String>,
    /// That lock's type, as a lock model names it (`multiprocessing.RLock`).
    #[serde(default)]
    pub lock_type: Option<String>,
}

/// An atomic type and which methods read, write, or read-modify-write it in one step.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtomicModel {
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub load: Vec<String>,
    #[serde(default)]
    pub store: Vec<String>,
    #[serde(default)]
    pub rmw: Vec<String>,
    /// The method that loads, changes and stores in one step (`rcu`), named in the help of a
    /// load-then-store finding; the help names `fetch_update` and `compare_exchange` without.
    #[serde(default)]
    pub update: Option<String>,
}

/// A call that bounds how long the futures it is given may wait (`tokio::time::timeout`): an
/// async lock awaited inside them gives up instead of waiting forever.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeoutModel {
    pub call: String,
}

/// A call that returns an object of a modelled type, so that methods called on the result can be
/// matched: `asyncio.get_running_loop()` returns the running event loop.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactoryModel {
    pub call: String,
    /// The type of the result, as other models name it (`asyncio.AbstractEventLoop`).
    pub returns: String,
    /// A module whose API the result offers as its own attributes:
    /// `ctx = multiprocessing.get_context("spawn")` makes `ctx.Process` `multiprocessing.Process`.
    #[serde(default)]
    pub mirrors: Option<String>,
    /// The result's type for a constant first argument, where it differs from `returns`:
    /// `get_context("spawn")` returns a `SpawnContext`. Each mirrors `mirrors` too.
    #[serde(default)]
    pub by_argument: std::collections::BTreeMap<String, String>,
}

/// A call returning a tuple of values of known types (Rust: `let (tx, rx) = mpsc::channel();`
/// binds a `Sender` and a `Receiver`), so calls on each binding resolve to their models.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TupleFactoryModel {
    pub call: String,
    /// The type of each element, in order, as other models name it.
    pub elements: Vec<String>,
}

/// A one-time initialiser (`std::sync::Once`, `std::sync::OnceLock`): each method in `call`
/// runs its closure at most once per object, makes every other caller wait until it has run,
/// and returns only after it has: writes made in the closure are published to whoever returns
/// from one of these calls.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnceModel {
    #[serde(rename = "type")]
    pub ty: String,
    pub call: Vec<String>,
}

/// A library function that returns a coroutine (`asyncio.sleep`): called without `await`, it
/// runs nothing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoroutineModel {
    pub call: String,
}

/// Operations that must run on the thread of the event loop they belong to (`asyncio.Event.set`,
/// `asyncio.AbstractEventLoop.call_soon`, `asyncio.create_task`): qualified functions, or a
/// type's qualified name and a method (`asyncio.Queue.put_nowait`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopBoundModel {
    pub calls: Vec<String>,
    /// The thread-safe way, for the message (`loop.call_soon_threadsafe(event.set)`).
    pub instead: String,
}

/// Decorators whose functions run on an event loop's thread although they are not `async def`
/// (Twisted's `inlineCallbacks`): a blocking call in one stalls the loop (KN501).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopCallbackModel {
    pub decorators: Vec<String>,
}

/// Decorators that cache what a function returns (`functools.lru_cache`): its body runs once
/// per distinct argument, so a blocking call in it stalls an event loop once, at start-up,
/// not on every call (KN501 does not follow calls into it).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoizerModel {
    pub decorators: Vec<String>,
}

/// Libraries that run threads of their own once a program uses them (JAX's XLA runtime): a
/// module importing one runs in a multi-threaded process, so forking it copies locks those
/// threads may hold (KN206, KN511).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadedLibraryModel {
    /// Top-level modules (`jax`): importing one of them or a submodule counts.
    pub modules: Vec<String>,
    /// What runs the threads, for the message (`XLA's thread pools`).
    pub threads: String,
}

/// Decorators whose wrapper holds a lock of its own, one per decorated function, while the
/// function runs (`functools.cached_property`, up to Python 3.11, holds an `RLock` per property
/// while the getter computes the value): the body runs inside that lock.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockingDecoratorModel {
    pub decorators: Vec<String>,
    /// The lock type the wrapper makes, a `[[lock]]` of the models.
    pub lock: String,
}

/// Calls registering a function to run when an object dies (`weakref.finalize(obj, f, ..)`):
/// the garbage collector runs it, at any allocation, on the allocating thread (KN202).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalizerModel {
    pub call: String,
    /// The position of the function among the call's arguments.
    pub callback: usize,
}

/// Library calls that do not raise in practice (`time.monotonic()`, `isinstance(..)`): a
/// resource open across one is not at risk of leaking on that call's exception path (KN401).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfallibleModel {
    pub calls: Vec<String>,
}

/// Library calls that end the program (`std::process::exit`, `abort`): what the function holds
/// there is released by the program's end (KN401).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitModel {
    pub calls: Vec<String>,
}

/// Operations that fork the calling process (`os.fork`), or start processes by forking it under
/// multiprocessing's `fork` start method (`multiprocessing.Process` started, a
/// `multiprocessing.Pool` built): a call path, or the API of a spawn or of an opened resource.
/// A fork copies only the calling thread, with every lock other threads hold at that moment
/// (KN206).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForkModel {
    pub calls: Vec<String>,
    /// Forks only under the `fork` start method: silent where the program asks for another one
    /// (`multiprocessing.set_start_method("spawn")`).
    #[serde(default)]
    pub start_method: bool,
    /// Starts a new process through `multiprocessing` (a `Process`, a `Pool`, a
    /// `ProcessPoolExecutor`), so the program chose to fork by its start method: KN511 rather
    /// than KN206, which keeps a bare `os.fork()`.
    #[serde(default)]
    pub process_start: bool,
    /// Keyword arguments that choose how the process starts (`mp_context=`): a call given one
    /// does not fork by default.
    #[serde(default)]
    pub unless_arg: Vec<String>,
    /// A method of an object built by this operation (`ProcessPoolExecutor.submit`), whose start
    /// method was chosen where it was built: silent when the program builds one with a chosen
    /// start method anywhere.
    #[serde(default)]
    pub chosen_at: Option<String>,
}

/// Calls that create or run an event loop in the calling thread (`asyncio.run`,
/// `asyncio.AbstractEventLoop.run_forever`): a thread that makes one owns what it touches.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoopRunnerModel {
    pub calls: Vec<String>,
}

/// A container implemented in Python (`weakref.WeakValueDictionary`): iterating over it, also to
/// copy it (`list(d.values())`), runs Python code between its elements, so a change from another
/// thread fails the iteration (`RuntimeError: dictionary changed size during iteration`), where
/// copying a builtin `dict` is one step.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonContainerModel {
    #[serde(rename = "type")]
    pub ty: String,
}

/// Calls that run through the iterable they are given (`list`, `sorted`): over a
/// `python_container`, an iteration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IteratingCallModel {
    pub calls: Vec<String>,
}
