//! easy-smt: reduction of src/solver.rs and src/context.rs.
//! A Context talks SMT-LIB to an external solver process (z3, cvc5) over
//! its stdin/stdout.

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub struct Solver {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    handle: Child,
}

impl Solver {
    pub fn new(program: &str, args: &[&str]) -> io::Result<Solver> {
        let mut handle = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = handle.stdin.take().unwrap();
        let stdout = BufReader::new(handle.stdout.take().unwrap());
        Ok(Solver { stdin, stdout, handle })
    }

    pub fn send(&mut self, expr: &str) -> io::Result<()> {
        writeln!(self.stdin, "{}", expr)?;
        self.stdin.flush()
    }

    pub fn recv(&mut self) -> io::Result<String> {
        let mut line = String::new();
        self.stdout.read_line(&mut line)?;
        Ok(line.trim().to_string())
    }

    pub fn pid(&self) -> u32 {
        self.handle.id()
    }
}

impl Drop for Solver {
    fn drop(&mut self) {
        // the solver may still be running: kill it, then reap it
        let _ = self.handle.kill();
        let _ = self.handle.wait();
    }
}

pub struct Context {
    solver: Option<Solver>,
}

impl Context {
    pub fn new(program: &str, args: &[&str]) -> io::Result<Context> {
        Ok(Context { solver: Some(Solver::new(program, args)?) })
    }

    pub fn check(&mut self) -> io::Result<String> {
        let solver = self.solver.as_mut().expect("solver");
        solver.send("(check-sat)")?;
        solver.recv()
    }
}

fn main() -> io::Result<()> {
    // e.g. a verifier that spins up one context per query
    for query in 0..100 {
        // `cat` echoes our command back, standing in for `z3 -in -smt2`
        let mut ctx = Context::new("cat", &[])?;
        let reply = ctx.check()?;
        if query % 25 == 0 {
            println!("query {query}: {reply} (pid {})", ctx.solver.as_ref().unwrap().pid());
        }
        // ctx dropped here: Solver::drop kills and waits for the child
    }
    Ok(())
}
