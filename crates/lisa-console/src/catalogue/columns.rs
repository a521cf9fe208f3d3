//! Which catalogue columns are shown (issue 12 part 6). The id, status, hosting, "available for
//! inference" and the actions are always there; the admin shows or hides the others, and the
//! choice is remembered in `localStorage` (it is not a secret) as the keys of the optional
//! columns shown, comma-separated. The defaults fit a 1440 px screen without sideways scroll.

use super::Column;

/// Columns the admin may hide.
pub const OPTIONAL: [Column; 6] =
    [Column::Type, Column::Instance, Column::Streaming, Column::Features, Column::Context, Column::Groups];

/// Shown until the admin chooses: what fits 1440 px with the always-shown columns.
pub const DEFAULT_SHOWN: [Column; 3] = [Column::Type, Column::Instance, Column::Context];

/// The `localStorage` key of the choice.
pub const STORAGE_KEY: &str = "lisa-admin.catalogue.columns";

/// Width of the selection checkbox column and of the actions column (style/catalogue.css).
const SELECT_PX: u32 = 44;
const ACTIONS_PX: u32 = 368;

impl Column {
    pub fn optional(self) -> bool {
        OPTIONAL.contains(&self)
    }

    /// Its `<col>` width in style/catalogue.css.
    pub fn width_px(self) -> u32 {
        match self {
            Column::Model => 230,
            Column::Type => 90,
            Column::Hosting => 124,
            Column::Status => 124,
            Column::Instance => 106,
            Column::Streaming => 92,
            Column::Features => 112,
            Column::Context => 88,
            Column::Groups => 118,
            Column::Serving => 100,
        }
    }
}

/// The optional columns shown, in table order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownColumns(Vec<Column>);

impl Default for ShownColumns {
    fn default() -> Self {
        ShownColumns(DEFAULT_SHOWN.to_vec())
    }
}

impl ShownColumns {
    /// From storage (untrusted: anything unreadable gives the defaults; unknown keys are
    /// ignored, so an older or newer version's choice still mostly applies).
    pub fn parse(stored: Option<&str>) -> ShownColumns {
        let Some(text) = stored.map(str::trim).filter(|t| t.len() <= 200) else { return ShownColumns::default() };
        let keys: Vec<&str> = text.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
        ShownColumns(OPTIONAL.into_iter().filter(|c| keys.contains(&c.key())).collect())
    }

    pub fn to_storage(&self) -> String {
        self.0.iter().map(|c| c.key()).collect::<Vec<_>>().join(",")
    }

    pub fn shows(&self, column: Column) -> bool {
        !column.optional() || self.0.contains(&column)
    }

    pub fn toggled(&self, column: Column) -> ShownColumns {
        if !column.optional() {
            return self.clone();
        }
        let on = !self.0.contains(&column);
        ShownColumns(OPTIONAL.into_iter().filter(|c| if *c == column { on } else { self.0.contains(c) }).collect())
    }

    /// Classes for the table: `hide-<key>` per hidden column (style/catalogue.css hides its
    /// cells, header and `<col>`; rows are not rebuilt).
    pub fn table_classes(&self) -> String {
        let mut out = String::from("catalogue-table");
        for c in OPTIONAL.into_iter().filter(|c| !self.0.contains(c)) {
            out.push_str(" hide-");
            out.push_str(c.key());
        }
        out
    }

    /// The table's minimum width: the shown columns side by side.
    pub fn min_width_px(&self) -> u32 {
        SELECT_PX + ACTIONS_PX + Column::ALL.into_iter().filter(|c| self.shows(*c)).map(Column::width_px).sum::<u32>()
    }
}

/// The chooser: a disclosure with one checkbox per optional column (`data-column` = its key).
pub fn menu_html(shown: &ShownColumns) -> String {
    let mut out = String::from(
        r#"<details class="column-chooser" id="column-chooser"><summary class="button small">Columns</summary><fieldset class="column-menu"><legend>Show columns</legend>"#,
    );
    for c in OPTIONAL {
        let checked = if shown.shows(c) { " checked" } else { "" };
        out.push_str(&format!(
            r#"<label for="show-column-{0}"><input type="checkbox" id="show-column-{0}" data-column="{0}"{checked}>{1}</label>"#,
            c.key(),
            c.label()
        ));
    }
    out.push_str("</fieldset></details>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fit_1440_px() {
        let d = ShownColumns::default();
        // 1440 px less the page's 24 px padding each side and a scrollbar.
        assert!(d.min_width_px() <= 1440 - 48 - 17, "{}", d.min_width_px());
        for always in [Column::Model, Column::Status, Column::Hosting, Column::Serving] {
            assert!(d.shows(always));
        }
        assert!(!d.shows(Column::Groups));
        assert_eq!(d.table_classes(), "catalogue-table hide-streaming hide-features hide-groups");
        // Everything shown is the old table's width plus the checkbox column.
        let all = OPTIONAL.into_iter().fold(ShownColumns::parse(Some("")), |s, c| s.toggled(c));
        assert_eq!(all.min_width_px(), 1552 + 44);
    }

    #[test]
    fn storage_round_trip_and_untrusted_values() {
        let s = ShownColumns::default().toggled(Column::Groups).toggled(Column::Type);
        assert_eq!(s.to_storage(), "instance,context,groups");
        assert_eq!(ShownColumns::parse(Some(&s.to_storage())), s);
        assert_eq!(ShownColumns::parse(None), ShownColumns::default());
        assert_eq!(ShownColumns::parse(Some("")).to_storage(), "", "all hidden is a choice");
        assert_eq!(ShownColumns::parse(Some("groups, bogus,id,<script>")).to_storage(), "groups");
        assert_eq!(ShownColumns::parse(Some(&"x,".repeat(500))), ShownColumns::default());
        let menu = menu_html(&s);
        assert!(menu.contains(r#"id="show-column-groups" data-column="groups" checked>Allowed groups</label>"#), "{menu}");
        assert!(menu.contains(r#"data-column="type">Type</label>"#) && !menu.contains("show-column-id"));
        // The always-shown columns cannot be toggled away.
        assert_eq!(s.toggled(Column::Status), s);
    }
}
