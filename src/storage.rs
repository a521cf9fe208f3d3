//! sessionStorage access. Storage can be missing (privacy modes), full, or hold anything another
//! script wrote, so every call tolerates failure and every value read is treated as untrusted.

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok()?
}

/// Returns false when the value could not be stored (quota, disabled storage).
pub fn set(key: &str, value: &str) -> bool {
    session_storage().map(|s| s.set_item(key, value).is_ok()).unwrap_or(false)
}

pub fn remove(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

/// Moves an unreadable value to `<key>.set-aside` instead of deleting it (a draft written by
/// another version still holds what the admin typed); returns where it went.
pub fn set_aside(key: &str) -> String {
    let aside = format!("{key}.set-aside");
    if let Some(text) = get(key) {
        set(&aside, &text);
    }
    remove(key);
    aside
}
