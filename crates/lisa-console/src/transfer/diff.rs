//! Field-by-field differences between two create bodies (a definition of the file and the model
//! LISA has under that id), by dotted path.

use serde_json::Value;

use super::short_json;

/// At most this many differences are listed for one model.
pub const MAX_CHANGES: usize = 40;
/// Values are cut to this many characters in the list.
const VALUE_CHARS: usize = 120;

/// One differing field: its path, the file's value and LISA's (`None`: not there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub file: Option<String>,
    pub lisa: Option<String>,
}

/// The differences between `file` and `lisa`, in path order, at most [`MAX_CHANGES`] (the
/// second value says how many there were in all).
pub fn diff(file: &Value, lisa: &Value) -> (Vec<Change>, usize) {
    let mut out = Vec::new();
    let mut total = 0;
    walk(Some(file), Some(lisa), String::new(), &mut out, &mut total);
    (out, total)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(a: Option<&Value>, b: Option<&Value>, path: String, out: &mut Vec<Change>, total: &mut usize) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(x.get(k), y.get(k), join(&path, k), out, total);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(Some(p), Some(q), join(&path, &i.to_string()), out, total);
            }
        }
        _ if a == b => {}
        _ => {
            *total += 1;
            if out.len() < MAX_CHANGES {
                let show = |v: Option<&Value>| v.map(|v| short_json(v, VALUE_CHARS));
                out.push(Change { path, file: show(a), lisa: show(b) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_each_differing_leaf_by_path() {
        let file = json!({"a": 1, "b": {"c": "x", "d": [1, 2]}, "e": [1], "only": true});
        let lisa = json!({"a": 1, "b": {"c": "y", "d": [1, 3]}, "e": [1, 2], "z": null});
        let (changes, total) = diff(&file, &lisa);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["b.c", "b.d.1", "e", "only", "z"]);
        assert_eq!(total, 5);
        assert_eq!(changes[0], Change { path: "b.c".into(), file: Some("x".into()), lisa: Some("y".into()) });
        assert_eq!(changes[3].lisa, None);
        assert_eq!(changes[4].file, None, "missing and null differ");
        assert_eq!(diff(&file, &file), (Vec::new(), 0));
    }
}
