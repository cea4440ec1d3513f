//! Reduction of rsmt2's src/solver.rs (Solver::new / kill / Drop) before the fix for #29.
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub type SmtRes<T> = Result<T, String>;

/// Solver configuration: the command and its options.
pub struct SmtConf {
    cmd: String,
    options: Vec<String>,
}

impl SmtConf {
    pub fn z3(cmd: impl Into<String>) -> Self {
        SmtConf { cmd: cmd.into(), options: vec!["-in".into(), "-smt2".into()] }
    }
    pub fn get_cmd(&self) -> &str {
        &self.cmd
    }
    pub fn get_options(&self) -> &[String] {
        &self.options
    }
}

/// A solver running in a separate system process.
pub struct Solver<Parser> {
    kid: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    _parser: Parser,
}

impl<Parser> Solver<Parser> {
    pub fn new(conf: SmtConf, parser: Parser) -> SmtRes<Self> {
        let mut kid = Command::new(conf.get_cmd())
            .args(conf.get_options())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not spawn solver `{}`: {}", conf.get_cmd(), e))?;
        let stdin = BufWriter::new(kid.stdin.take().ok_or("could not access stdin")?);
        let stdout = BufReader::new(kid.stdout.take().ok_or("could not access stdout")?);
        Ok(Solver { kid, stdin, stdout, _parser: parser })
    }

    pub fn default_z3(parser: Parser) -> SmtRes<Self> {
        Self::new(SmtConf::z3("z3"), parser)
    }

    pub fn declare_const(&mut self, name: &str, sort: &str) -> SmtRes<()> {
        writeln!(self.stdin, "(declare-const {} {})", name, sort).map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())
    }

    pub fn check_sat(&mut self) -> SmtRes<bool> {
        writeln!(self.stdin, "(check-sat)").map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim() == "sat" || line.trim() == "(check-sat)")
    }

    /// Kills the solver kid.
    pub fn kill(&mut self) -> SmtRes<()> {
        let _ = writeln!(self.stdin, "(exit)");
        let _ = self.stdin.flush();
        let _ = self.kid.kill();
        Ok(())
    }
}

impl<Parser> Drop for Solver<Parser> {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

fn main() -> SmtRes<()> {
    // `cat` stands in for z3: it echoes the commands back.
    let mut solver = Solver::new(SmtConf { cmd: "cat".into(), options: vec![] }, ())?;
    solver.declare_const("n", "Int")?;
    let _ = solver.check_sat();
    drop(solver); // force drop: the solver process is left as a zombie
    let _ = Solver::default_z3(());
    Ok(())
}
