//! A readable and writable view of one part of a form signal, so that one input component can
//! bind to any field of either form (or to a row of a list) without knowing the form's type.
//!
//! Accessors are plain `fn` pointers, not closures: every lens of one field type then shares
//! one instance of the generic code, which keeps the bundle small (closures would each get
//! their own copy).

use leptos::prelude::*;

pub struct Lens<T: Send + Sync + 'static> {
    get: Signal<T>,
    set: Callback<T>,
}

impl<T: Send + Sync + 'static> Clone for Lens<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Lens<T> {}

impl<T: Clone + Send + Sync + 'static> Lens<T> {
    pub fn of<S: Send + Sync + 'static>(form: RwSignal<S>, get: fn(&S) -> &T, get_mut: fn(&mut S) -> &mut T) -> Self {
        Lens {
            get: Signal::derive(move || form.with(|s| get(s).clone())),
            set: Callback::new(move |v| form.update(|s| *get_mut(s) = v)),
        }
    }

    pub fn get(&self) -> T {
        self.get.get()
    }

    pub fn set(&self, value: T) {
        self.set.run(value)
    }

    pub fn update(&self, f: impl FnOnce(&mut T)) {
        let mut value = self.get.get_untracked();
        f(&mut value);
        self.set.run(value);
    }

    /// A lens on a part of this one.
    pub fn part<U: Clone + Send + Sync + 'static>(self, get: fn(&T) -> &U, get_mut: fn(&mut T) -> &mut U) -> Lens<U> {
        let source = self;
        Lens {
            get: Signal::derive(move || source.get.with(|t| get(t).clone())),
            set: Callback::new(move |u| source.update(|t| *get_mut(t) = u)),
        }
    }
}

impl<R: Clone + Send + Sync + 'static> Lens<Vec<R>> {
    /// A lens on a field of row `i`. A missing row reads as the default and ignores writes
    /// (only possible for a moment while the list shrinks).
    pub fn cell<U: Clone + Default + Send + Sync + 'static>(
        self,
        i: usize,
        get: fn(&R) -> &U,
        get_mut: fn(&mut R) -> &mut U,
    ) -> Lens<U> {
        let source = self;
        Lens {
            get: Signal::derive(move || source.get.with(|rows| rows.get(i).map(|r| get(r).clone()).unwrap_or_default())),
            set: Callback::new(move |u| {
                source.update(|rows| {
                    if let Some(r) = rows.get_mut(i) {
                        *get_mut(r) = u;
                    }
                })
            }),
        }
    }

    pub fn len(&self) -> usize {
        self.get.with(Vec::len)
    }

    pub fn remove(&self, i: usize) {
        self.update(|rows| {
            if i < rows.len() {
                rows.remove(i);
            }
        });
    }
}

/// `lens!(form, container.base_image)`: a lens on that field of a form signal.
#[macro_export]
macro_rules! lens {
    ($form:expr, $($path:ident).+) => {
        $crate::pages::forms::lens::Lens::of($form, |f| &f.$($path).+, |f| &mut f.$($path).+)
    };
}

/// `part!(lens, timezone)`: a lens on that field of what `lens` points at.
#[macro_export]
macro_rules! part {
    ($lens:expr, $($path:ident).+) => {
        $lens.part(|t| &t.$($path).+, |t| &mut t.$($path).+)
    };
}

/// `cell!(rows, i, key)`: a lens on field `key` of row `i`.
#[macro_export]
macro_rules! cell {
    ($lens:expr, $i:expr, $($path:ident).+) => {
        $lens.cell($i, |r| &r.$($path).+, |r| &mut r.$($path).+)
    };
}
