// agama rust/agama-dbus-server/src/network/dbus/tree.rs (reduced, mid-2023).
use agama_lib::error::ServiceError;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;
use zbus::zvariant::{ObjectPath, OwnedObjectPath};

use crate::network::{action::Action, dbus::interfaces, model::*};
use tokio::sync::mpsc::UnboundedSender;

const CONNECTIONS_PATH: &str = "/org/opensuse/Agama1/Network/connections";

/// Handle the objects in the D-Bus tree for the network state
pub struct Tree {
    connection: zbus::Connection,
    actions: Arc<Mutex<UnboundedSender<Action>>>,
    objects: Arc<Mutex<ObjectsRegistry>>,
}

impl Tree {
    pub fn new(connection: zbus::Connection, actions: UnboundedSender<Action>) -> Self {
        Self {
            connection,
            actions: Arc::new(Mutex::new(actions)),
            objects: Default::default(),
        }
    }

    /// Refreshes the list of connections.
    pub async fn set_connections(&self, connections: &mut [Connection]) -> Result<(), ServiceError> {
        self.remove_connections().await?;
        self.add_connections(connections).await?;
        Ok(())
    }

    /// Adds a connection to the D-Bus tree and returns the D-Bus path.
    pub async fn add_connection(&self, conn: &Connection) -> Result<OwnedObjectPath, ServiceError> {
        let mut objects = self.objects.lock();
        let path: OwnedObjectPath = objects.register_connection(conn.uuid).into();
        log::info!("Publishing network connection '{}' on '{}'", &conn.id, &path);
        let actions = self.actions.lock().clone();
        self.add_interface(&path, interfaces::Connection::new(actions.clone(), conn.uuid))
            .await?;
        self.add_interface(&path, interfaces::Ip::new(actions, conn.uuid))
            .await?;
        Ok(path)
    }

    async fn add_connections(&self, connections: &mut [Connection]) -> Result<(), ServiceError> {
        for conn in connections.iter_mut() {
            self.add_connection(conn).await?;
        }
        Ok(())
    }

    /// Clears all the connections from the tree.
    async fn remove_connections(&self) -> Result<(), ServiceError> {
        let mut objects = self.objects.lock();
        for path in objects.connections.values() {
            self.remove_connection_on(path.as_str()).await?;
        }
        objects.connections.clear();
        Ok(())
    }

    /// Removes a connection object on the given path
    async fn remove_connection_on(&self, path: &str) -> Result<(), ServiceError> {
        let object_server = self.connection.object_server();
        object_server.remove::<interfaces::Ip, _>(path).await?;
        object_server.remove::<interfaces::Connection, _>(path).await?;
        Ok(())
    }

    async fn add_interface<T>(&self, path: &str, iface: T) -> Result<bool, ServiceError>
    where
        T: zbus::Interface,
    {
        let object_server = self.connection.object_server();
        Ok(object_server.at(path, iface).await?)
    }
}

/// Objects paths for known devices and connections
#[derive(Debug, Default)]
struct ObjectsRegistry {
    /// id -> object_path
    connections: HashMap<Uuid, OwnedObjectPath>,
}

impl ObjectsRegistry {
    pub fn register_connection(&mut self, uuid: Uuid) -> ObjectPath {
        let path = format!("{}/{}", CONNECTIONS_PATH, self.connections.len());
        let path = ObjectPath::try_from(path).unwrap();
        self.connections.insert(uuid, path.clone().into());
        path
    }
}
