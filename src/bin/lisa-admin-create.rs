//! The create-form bundle (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Create, lisa_admin::create_routes);
}
