use std::future::{ready, Future, Ready};
use std::pin::pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

const AUTH_TAG_LEN: usize = 48;

#[derive(Debug)]
pub struct Error(String);

#[derive(Default, Clone)]
pub struct SymmKey {
    pub bytes: Vec<u8>,
}

#[derive(Default)]
pub struct KeySet {
    pub set: Vec<SymmKey>,
}

pub struct QuoteData {
    pub ukeys: Mutex<KeySet>,
    pub vkeys: Mutex<KeySet>,
    pub payload_symm_key: Mutex<SymmKey>,
    pub encr_payload: Mutex<Vec<u8>>,
    pub auth_tag: Mutex<[u8; AUTH_TAG_LEN]>,
}

pub struct HttpRequest {
    path: String,
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
}

impl HttpResponse {
    #[allow(non_snake_case)]
    pub fn Ok() -> Ready<HttpResponse> {
        ready(HttpResponse { status: 200 })
    }
}

// struct to hold data and keep track of whether we are processing a u or v key
pub struct CurrentKeyInfo<'a> {
    current_keyset: &'a Mutex<KeySet>,
    other_keyset: &'a Mutex<KeySet>,
    keyname: String,
}

// Returns a reference to the U key or the V key in the app data.
pub fn find_keytype<'a>(req: &HttpRequest, u: &'a Mutex<KeySet>, v: &'a Mutex<KeySet>) -> Result<CurrentKeyInfo<'a>, Error> {
    if req.path.contains("ukey") {
        Ok(CurrentKeyInfo { current_keyset: u, other_keyset: v, keyname: "ukey".into() })
    } else if req.path.contains("vkey") {
        Ok(CurrentKeyInfo { current_keyset: v, other_keyset: u, keyname: "vkey".into() })
    } else {
        Err(Error("request to keys handler contained neither ukey nor vkey key word".into()))
    }
}

pub fn try_combine_keys(
    keyset1: &mut KeySet,
    keyset2: &mut KeySet,
    symm_key_out: &mut SymmKey,
    auth_tag: &[u8; AUTH_TAG_LEN],
) -> Result<Option<()>, Error> {
    if keyset1.set.is_empty() || keyset2.set.is_empty() || auth_tag == &[0u8; AUTH_TAG_LEN] {
        return Ok(None);
    }
    let (a, b) = (&keyset1.set[0].bytes, &keyset2.set[0].bytes);
    symm_key_out.bytes = a.iter().zip(b).map(|(x, y)| x ^ y).collect();
    keyset1.set.clear();
    keyset2.set.clear();
    Ok(Some(()))
}

pub async fn u_or_v_key(body: Vec<u8>, req: HttpRequest, quote_data: &QuoteData) -> Result<HttpResponse, Error> {
    // determine if the key is the u or the v key
    let curr_key_info = find_keytype(&req, &quote_data.ukeys, &quote_data.vkeys)?;

    let mut global_current_keyset = curr_key_info.current_keyset.lock().unwrap();
    let mut global_other_keyset = curr_key_info.other_keyset.lock().unwrap();
    let mut global_symm_key = quote_data.payload_symm_key.lock().unwrap();
    let mut global_encr_payload = quote_data.encr_payload.lock().unwrap();
    let mut global_auth_tag = quote_data.auth_tag.lock().unwrap();

    global_current_keyset.set.push(SymmKey { bytes: body.clone() });

    // only ukey POSTs from tenant have payload and auth_tag data
    if curr_key_info.keyname == "ukey" {
        global_auth_tag.copy_from_slice(&[7u8; AUTH_TAG_LEN]);
        global_encr_payload.extend(body.iter());
    }

    let _ = try_combine_keys(&mut global_current_keyset, &mut global_other_keyset, &mut global_symm_key, &global_auth_tag)?;

    Ok(HttpResponse::Ok().await)
}

fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn main() {
    let quote_data = QuoteData {
        ukeys: Mutex::new(KeySet::default()),
        vkeys: Mutex::new(KeySet::default()),
        payload_symm_key: Mutex::new(SymmKey::default()),
        encr_payload: Mutex::new(Vec::new()),
        auth_tag: Mutex::new([0u8; AUTH_TAG_LEN]),
    };
    let u = block_on(u_or_v_key(vec![1, 2, 3], HttpRequest { path: "/keys/ukey".into() }, &quote_data));
    let v = block_on(u_or_v_key(vec![4, 5, 6], HttpRequest { path: "/keys/vkey".into() }, &quote_data));
    println!("{:?} {:?} key={:?}", u, v, quote_data.payload_symm_key.lock().unwrap().bytes);
}
