//! The EC2 instance-type list (`GET /models/metadata/instances`): the picker's options and the
//! V9 whitelist. Fetched once per browser-tab session (kept in memory and in sessionStorage,
//! ~1,400 names), so moving between forms or reloading does not fetch it again.

use std::cell::RefCell;

use leptos::prelude::*;
use lisa_api::validate::InstanceTypes;
use lisa_api::ApiError;

use crate::api::ApiClient;
use crate::storage;

const STORAGE_KEY: &str = "lisa-admin.instance-types";

thread_local! {
    static MEMORY: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

fn cached() -> Option<Vec<String>> {
    if let Some(list) = MEMORY.with(|m| m.borrow().clone()) {
        return Some(list);
    }
    // Untrusted: only a non-empty list of strings counts.
    let list: Vec<String> = serde_json::from_str(&storage::get(STORAGE_KEY)?).ok()?;
    if list.is_empty() {
        return None;
    }
    MEMORY.with(|m| *m.borrow_mut() = Some(list.clone()));
    Some(list)
}

fn remember(list: &[String]) {
    MEMORY.with(|m| *m.borrow_mut() = Some(list.to_vec()));
    // Best effort: without storage the list is fetched again after a reload.
    let _ = storage::set(STORAGE_KEY, &serde_json::to_string(list).unwrap_or_default());
}

#[derive(Clone, Copy)]
pub struct Instances {
    /// Empty until loaded: V9 is then left to the server.
    pub list: RwSignal<InstanceTypes>,
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
}

impl Instances {
    /// The cached list, or a fetch started now.
    pub fn load(api: ApiClient) -> Self {
        let this = Instances {
            list: RwSignal::new(InstanceTypes::default()),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
        };
        match cached() {
            Some(list) => this.list.set(InstanceTypes::from_list(list)),
            None => this.fetch(api),
        }
        this
    }

    pub fn fetch(self, api: ApiClient) {
        self.loading.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            match api.list_instance_types().await {
                Ok(list) => {
                    remember(&list);
                    self.list.try_set(InstanceTypes::from_list(list));
                }
                Err(e) => {
                    self.error.try_set(Some(e));
                }
            }
            self.loading.try_set(false);
        });
    }
}
