use std::io;
use std::time::Duration;

use tokio::runtime::Runtime;

/// Stand-in for the rusoto S3 client used by esthri.
#[derive(Clone)]
pub struct S3Client;

impl S3Client {
    pub async fn get_object(&self, bucket: &str, key: &str, part: usize) -> io::Result<Vec<u8>> {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Ok(format!("{}/{}#{}", bucket, key, part).into_bytes())
    }
}

async fn read_part(s3: &S3Client, bucket: &str, key: &str, part: usize) -> io::Result<Vec<u8>> {
    s3.get_object(bucket, key, part).await
}

/// Blocking convenience API: spins up its own runtime under the covers.
pub fn read_part_blocking(s3: &S3Client, bucket: &str, key: &str, part: usize) -> io::Result<Vec<u8>> {
    let rt = Runtime::new()?;
    rt.block_on(read_part(s3, bucket, key, part))
}

/// Reduced from esthri's download path, which is itself async.
pub async fn download_streaming(s3: &S3Client, bucket: &str, key: &str, parts: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    for part in 0..parts {
        let data = read_part_blocking(s3, bucket, key, part)?;
        out.extend_from_slice(&data);
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let s3 = S3Client;
    let body = download_streaming(&s3, "esthri-test", "data/file.bin", 4).await?;
    println!("downloaded {} bytes", body.len());
    Ok(())
}
