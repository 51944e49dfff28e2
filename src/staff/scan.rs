//! Scanning the receipt's QR code with the camera, where the browser has
//! the Shape Detection API's `BarcodeDetector` (Chrome on Android, ChromeOS
//! and macOS). Elsewhere the button is not shown: the reference is typed,
//! or a handheld scanner types it (it acts as a keyboard and presses
//! Enter). Nothing is recorded or sent: frames are read in the browser, the
//! camera stops at the first reference or on "Stop".
//!
//! `BarcodeDetector` is not in `web-sys`'s stable API, so it is reached
//! through `js_sys::Reflect`; every step can fail, and a failure ends the
//! scan with "the camera cannot be used".

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How often a frame is read while scanning.
const EVERY_MS: u64 = 250;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Calls `target.key(args…)`.
fn call(target: &JsValue, key: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = get(target, key)?.dyn_into().ok()?;
    f.apply(target, &args.iter().collect::<Array>()).ok()
}

async fn resolve(value: JsValue) -> Option<JsValue> {
    let promise: Promise = value.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Whether this browser can read QR codes from the camera.
pub fn can_scan() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    get(&window, "BarcodeDetector").is_some() && get(&window.navigator(), "mediaDevices").is_some()
}

/// A scan in progress: the camera's stream, to stop.
#[derive(Clone)]
struct Stream(JsValue);

impl Stream {
    fn stop(&self) {
        if let Some(tracks) = call(&self.0, "getTracks", &[]) {
            for track in Array::from(&tracks).iter() {
                let _ = call(&track, "stop", &[]);
            }
        }
    }
}

/// Opens the back camera into `video`; the stream, or `None` if refused.
async fn open_camera(video: &web_sys::HtmlElement) -> Option<Stream> {
    let devices = get(&web_sys::window()?.navigator(), "mediaDevices")?;
    let constraints = Object::new();
    let video_wanted = Object::new();
    Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into()).ok()?;
    Reflect::set(&constraints, &"video".into(), &video_wanted).ok()?;
    Reflect::set(&constraints, &"audio".into(), &JsValue::FALSE).ok()?;
    let stream = resolve(call(&devices, "getUserMedia", &[constraints.into()])?).await?;
    Reflect::set(video, &"srcObject".into(), &stream).ok()?;
    Reflect::set(video, &"muted".into(), &JsValue::TRUE).ok()?;
    if let Some(playing) = call(video, "play", &[]) {
        resolve(playing).await;
    }
    Some(Stream(stream))
}

/// The text of the first QR code in the video's current frame.
async fn read_frame(detector: &JsValue, video: &JsValue) -> Option<String> {
    let codes = resolve(call(detector, "detect", std::slice::from_ref(video))?).await?;
    let first = Array::from(&codes).get(0);
    get(&first, "rawValue")?.as_string()
}

fn new_detector() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let class: Function = get(&window, "BarcodeDetector")?.dyn_into().ok()?;
    let options = Object::new();
    let formats = Array::of1(&"qr_code".into());
    Reflect::set(&options, &"formats".into(), &formats).ok()?;
    Reflect::construct(&class, &Array::of1(&options)).ok()
}

async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&JsValue::NULL);
            },
            std::time::Duration::from_millis(ms),
        );
    });
    let _ = JsFuture::from(promise).await;
}

/// What a scan came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// A QR code's text (the caller checks that it is a reference).
    Text(String),
    /// No camera, permission refused, or the browser failed.
    NoCamera,
    /// Stopped by the staff member.
    Stopped,
}

/// A "Scan the QR code" button (only where the browser can scan) and,
/// while scanning, the camera's picture and "Stop scanning". `done` gets
/// what the scan came to.
#[component]
pub fn ScanButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] stop_label: Signal<String>,
    done: Callback<Scanned>,
) -> impl IntoView {
    let scanning = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    let stream = StoredValue::new_local(None::<Stream>);
    let stop = move || {
        if let Some(s) = stream.get_value() {
            s.stop();
        }
        stream.set_value(None);
        scanning.set(false);
    };
    on_cleanup(move || {
        if let Some(Some(s)) = stream.try_get_value() {
            s.stop();
        }
    });
    let start = move |_| {
        scanning.set(true);
        leptos::task::spawn_local(async move {
            // The video element is drawn once `scanning` is set.
            sleep(0).await;
            let Some(el) = video.get_untracked() else {
                scanning.set(false);
                done.run(Scanned::NoCamera);
                return;
            };
            let el: web_sys::HtmlElement = el.into();
            let (Some(detector), Some(s)) = (new_detector(), open_camera(&el).await) else {
                scanning.set(false);
                done.run(Scanned::NoCamera);
                return;
            };
            stream.set_value(Some(s.clone()));
            let el: JsValue = el.into();
            while scanning.try_get_untracked() == Some(true) {
                if let Some(text) = read_frame(&detector, &el).await {
                    s.stop();
                    stream.set_value(None);
                    scanning.set(false);
                    done.run(Scanned::Text(text));
                    return;
                }
                sleep(EVERY_MS).await;
            }
            s.stop();
        });
    };
    can_scan().then(|| {
        view! {
            <Show
                when=move || scanning.get()
                fallback=move || view! {
                    <button type="button" class="button button-secondary" on:click=start>{move || label.get()}</button>
                }
            >
                <div class="scan-box">
                    <video node_ref=video class="scan-video" playsinline="" aria-hidden="true"></video>
                    <button type="button" class="button button-secondary" on:click=move |_| { stop(); done.run(Scanned::Stopped); }>
                        {move || stop_label.get()}
                    </button>
                </div>
            </Show>
        }
    })
}
