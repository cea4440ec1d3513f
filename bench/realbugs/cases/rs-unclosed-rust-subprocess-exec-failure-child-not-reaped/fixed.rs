use std::ffi::CString;
use std::io;

fn pipe() -> io::Result<(i32, i32)> {
    let mut fds = [0i32; 2];
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((fds[0], fds[1]))
}

/// Reduced from subprocess::Popen (posix backend).
pub struct Popen {
    pid: Option<libc::pid_t>,
}

impl Popen {
    pub fn create(argv: &[&str]) -> io::Result<Popen> {
        let mut p = Popen { pid: None };
        p.os_start(argv)?;
        Ok(p)
    }

    fn os_start(&mut self, argv: &[&str]) -> io::Result<()> {
        let cargv: Vec<CString> = argv.iter().map(|a| CString::new(*a).unwrap()).collect();
        let mut ptrs: Vec<*const libc::c_char> = cargv.iter().map(|a| a.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        let (exec_fail_r, exec_fail_w) = pipe()?;
        let child_pid = unsafe { libc::fork() };
        if child_pid < 0 {
            return Err(io::Error::last_os_error());
        }
        if child_pid == 0 {
            unsafe {
                libc::close(exec_fail_r);
                libc::execvp(ptrs[0], ptrs.as_ptr());
                let errno = *libc::__errno_location();
                libc::write(exec_fail_w, errno.to_le_bytes().as_ptr() as *const _, 4);
                libc::_exit(127);
            }
        }
        unsafe { libc::close(exec_fail_w) };
        // own the pid before reading the pipe so the failure path also reaps the child
        self.pid = Some(child_pid);
        let mut buf = [0u8; 4];
        let n = unsafe { libc::read(exec_fail_r, buf.as_mut_ptr() as *mut _, 4) };
        unsafe { libc::close(exec_fail_r) };
        if n == 4 {
            // exec failed in the child: reap it, then report its errno
            let _ = self.wait();
            return Err(io::Error::from_raw_os_error(i32::from_le_bytes(buf)));
        }
        Ok(())
    }

    pub fn wait(&mut self) -> io::Result<i32> {
        let mut status = 0;
        if let Some(pid) = self.pid.take() {
            unsafe { libc::waitpid(pid, &mut status, 0) };
        }
        Ok(status)
    }
}

impl Drop for Popen {
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

fn main() {
    // probing for optional binaries: every failed probe leaves a <defunct> child
    for _ in 0..5 {
        let res = Popen::create(&["definitely-not-installed-binary"]);
        println!("probe: {:?}", res.is_ok());
    }
    let mut ok = Popen::create(&["true"]).unwrap();
    println!("status {:?}", ok.wait());
}
