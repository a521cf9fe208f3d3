//! The edit-form bundle (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Edit, lisa_admin::edit_routes);
}
