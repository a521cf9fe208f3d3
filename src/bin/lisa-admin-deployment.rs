//! The metrics bundle: usage overview and user pages (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Deployment, lisa_admin::deployment_routes);
}
