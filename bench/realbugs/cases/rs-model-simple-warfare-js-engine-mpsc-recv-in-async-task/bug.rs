use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;

use bevy::prelude::*;
use bevy::tasks::{block_on, futures_lite::future, AsyncComputeTaskPool, Task};

#[derive(Event, Clone, Debug)]
pub enum JsEngineEvent { EngineInited, Eval(String), Evaluated(String) }

pub struct JsEngine(String); // stands in for the boa_engine-backed engine

impl JsEngine {
    fn new(code: &str) -> Self { JsEngine(code.to_string()) }
    fn eval(&mut self, script: &str) -> String { format!("{}; {}", self.0, script) }
}

fn process_js_event(
    engine: &mut JsEngine,
    event: JsEngineEvent,
    tx: &Sender<JsEngineEvent>,
) -> Result<(), mpsc::SendError<JsEngineEvent>> {
    if let JsEngineEvent::Eval(script) = event {
        tx.send(JsEngineEvent::Evaluated(engine.eval(&script)))?;
    }
    Ok(())
}

#[derive(Resource)]
pub struct SimpleWarfareEngineCode(pub String);
#[derive(Resource)]
struct JsEngineEventSender(Sender<JsEngineEvent>);
#[derive(Resource)]
struct JsEngineEventReciver(Mutex<Receiver<JsEngineEvent>>);
#[derive(Resource)]
struct ComputeJsContext(Task<()>);

pub struct SmilodonEnginePlugin;

impl Plugin for SmilodonEnginePlugin {
    fn build(&self, app: &mut App) {
        app.add_event::<JsEngineEvent>()
            .add_systems(Startup, init_js_context)
            .add_systems(Update, handle_task.run_if(resource_exists::<ComputeJsContext>))
            .add_systems(Update, (smilodon_event_bridge, engine_inited));
    }
}

fn init_js_context(mut commands: Commands, engine_code: Res<SimpleWarfareEngineCode>) {
    let engine_js_code = engine_code.0.clone();
    // two-way channel with the JS side
    let (sender, rx) = mpsc::channel();
    let (tx, receiver) = mpsc::channel();
    commands.insert_resource(JsEngineEventSender(sender));
    commands.insert_resource(JsEngineEventReciver(Mutex::new(receiver)));
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let engine = &mut JsEngine::new(&engine_js_code);
        tx.send(JsEngineEvent::EngineInited).expect("sd");
        while let Ok(event) = rx.recv() {
            process_js_event(engine, event, &tx).expect("process_js_event error")
        }
    });
    commands.insert_resource(ComputeJsContext(task));
}

fn handle_task(mut js_context_task: ResMut<ComputeJsContext>) {
    let _ = block_on(future::poll_once(&mut js_context_task.0));
}

fn smilodon_event_bridge(mut events: EventReader<JsEngineEvent>, sender: Option<Res<JsEngineEventSender>>) {
    if let Some(sender) = sender {
        for event in events.read() {
            let _ = sender.0.send(event.clone());
        }
    }
}

fn engine_inited(receiver: Option<Res<JsEngineEventReciver>>) {
    if let Some(receiver) = receiver {
        if let Ok(JsEngineEvent::EngineInited) = receiver.0.lock().expect("").recv() {
            info!("js engine ready");
        }
    }
}

fn main() {
    App::new()
        .add_plugins(MinimalPlugins)
        .insert_resource(SimpleWarfareEngineCode("globalThis.sw = {};".to_string()))
        .add_plugins(SmilodonEnginePlugin)
        .run();
}
