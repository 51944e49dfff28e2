//! Words for the codes of `contract::advisory`: verdicts, service point
//! states and kinds of help, and wait ranges. The app and the backend's
//! status pages say them with these functions.

use crate::Lang;
use contract::advisory::{PointStatus, Verdict};

catalogue! {
    VerdictCome => { id: "Silakan datang. Kami melayani yang datang langsung.", en: "Come. Walk-ins are served." },
    VerdictInvitedOnly => { id: "Hanya untuk yang diundang. Datang hanya jika aturan undangan berlaku untuk Anda.", en: "Invited people only. Come only if the invitation rule includes you." },
    VerdictDoNotCome => { id: "Jangan datang hari ini. Kedutaan tutup atau sudah penuh.", en: "Do not come today. The embassy is closed or full." },
    VerdictGoElsewhere => { id: "Jangan datang ke kedutaan. Pergi ke tempat lain yang tertulis di sini.", en: "Do not come to the embassy. Go to the other place given here." },
    VerdictUnknown => { id: "Status tidak diketahui.", en: "Status unknown." },
    StatusOpen => { id: "Buka", en: "Open" },
    StatusBusy => { id: "Ramai", en: "Busy" },
    StatusPaused => { id: "Berhenti sebentar", en: "Paused" },
    StatusClosed => { id: "Tutup", en: "Closed" },
    StatusSuspended => { id: "Dihentikan", en: "Suspended" },
    StatusUnknown => { id: "Tidak diketahui", en: "Unknown" },
    HelpTravelDocument => { id: "dokumen perjalanan (SPLP)", en: "travel document (SPLP)" },
    HelpRepatriation => { id: "pemulangan ke Indonesia", en: "going home to Indonesia" },
    HelpMedical => { id: "kesehatan", en: "medical help" },
    HelpShelter => { id: "tempat tinggal sementara", en: "shelter" },
    HelpLegal => { id: "bantuan hukum", en: "legal help" },
    HelpOther => { id: "lainnya", en: "other help" },
}

/// The verdict in plain words.
pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Come => Key::VerdictCome,
        Verdict::InvitedOnly => Key::VerdictInvitedOnly,
        Verdict::DoNotCome => Key::VerdictDoNotCome,
        Verdict::GoElsewhere => Key::VerdictGoElsewhere,
        Verdict::Unknown => Key::VerdictUnknown,
    }
    .get(lang)
}

/// The state of a service point in plain words.
pub fn point_status_label(s: PointStatus, lang: Lang) -> &'static str {
    match s {
        PointStatus::Open => Key::StatusOpen,
        PointStatus::Busy => Key::StatusBusy,
        PointStatus::Paused => Key::StatusPaused,
        PointStatus::Closed => Key::StatusClosed,
        PointStatus::Suspended => Key::StatusSuspended,
        PointStatus::Unknown => Key::StatusUnknown,
    }
    .get(lang)
}

/// A kind of help in plain words (`None` for an unknown code).
pub fn help_kind_label(code: &str, lang: Lang) -> Option<&'static str> {
    Some(
        match code {
            "travel_document" => Key::HelpTravelDocument,
            "repatriation" => Key::HelpRepatriation,
            "medical" => Key::HelpMedical,
            "shelter" => Key::HelpShelter,
            "legal" => Key::HelpLegal,
            "other" => Key::HelpOther,
            _ => return None,
        }
        .get(lang),
    )
}

/// A wait range in plain words: "30–60 menit", "up to 60 minutes", "Wait time unknown".
pub fn wait_text(min: Option<u32>, max: Option<u32>, lang: Lang) -> String {
    match (min, max, lang) {
        (Some(a), Some(b), Lang::Id) if a == b => format!("sekitar {a} menit"),
        (Some(a), Some(b), Lang::En) if a == b => format!("about {a} minutes"),
        (Some(a), Some(b), Lang::Id) => format!("{a}–{b} menit"),
        (Some(a), Some(b), Lang::En) => format!("{a}–{b} minutes"),
        (Some(a), None, Lang::Id) => format!("paling sedikit {a} menit"),
        (Some(a), None, Lang::En) => format!("at least {a} minutes"),
        (None, Some(b), Lang::Id) => format!("paling lama {b} menit"),
        (None, Some(b), Lang::En) => format!("up to {b} minutes"),
        (None, None, Lang::Id) => "waktu tunggu tidak diketahui".to_string(),
        (None, None, Lang::En) => "wait time unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::HELP_KINDS;

    #[test]
    fn labels_exist_in_both_languages() {
        for v in Verdict::ALL {
            assert_ne!(verdict_label(v, Lang::Id), verdict_label(v, Lang::En));
        }
        for s in PointStatus::ALL {
            assert_ne!(
                point_status_label(s, Lang::Id),
                point_status_label(s, Lang::En)
            );
        }
        for k in HELP_KINDS {
            assert!(
                help_kind_label(k, Lang::Id).is_some() && help_kind_label(k, Lang::En).is_some()
            );
        }
        assert_eq!(wait_text(Some(30), Some(60), Lang::En), "30–60 minutes");
        assert_eq!(
            wait_text(None, None, Lang::Id),
            "waktu tunggu tidak diketahui"
        );
    }
}
