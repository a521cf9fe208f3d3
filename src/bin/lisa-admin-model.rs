//! The model bundle: one model's pages (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Model, lisa_admin::model_routes);
}
