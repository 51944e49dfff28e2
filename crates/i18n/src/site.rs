//! Words of the site's frame that go with the route table
//! (`contract::site`): each section's name, and the sample-data line.

use contract::site::Section;

catalogue! {
    SampleLine => { id: "DATA CONTOH: bukan nomor asli", en: "SAMPLE DATA: not real numbers" },
    SampleAboutTitle => { id: "Tentang data contoh", en: "About the sample data" },
    AccessibilityLink => { id: "Aksesibilitas", en: "Accessibility" },
    CaseLink => { id: "Kasus saya", en: "My case" },
}

/// A section's name in the footer and in links.
pub fn section_label(section: Section, lang: crate::Lang) -> &'static str {
    use crate::Key as K;
    match section {
        Section::Home => K::Home.get(lang),
        Section::Guidance => K::Guidance.get(lang),
        Section::Register => K::Register.get(lang),
        Section::Advisories => K::Advisories.get(lang),
        Section::Privacy => K::Privacy.get(lang),
        Section::Case => Key::CaseLink.get(lang),
        Section::Accessibility => Key::AccessibilityLink.get(lang),
    }
}
