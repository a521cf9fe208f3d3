//! The metrics bundle: usage overview and user pages (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Metrics, lisa_admin::metrics_routes);
}
