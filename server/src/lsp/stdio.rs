//! The protocol's stdin and stdout. Editors start a server with pipes (or, through libuv as in
//! Neovim and VS Code, socket pairs); those are read and written on the runtime's own event
//! loop. Anything else (a terminal, a file) goes through tokio's stdin/stdout.
//!
//! Why: tokio's stdin/stdout make every read and write a job on its blocking pool, so each
//! message in or out wakes a pool thread and then a worker. After a pause in typing every
//! thread is asleep; on the event loop a keystroke's diagnostics came back about 0.1 ms sooner
//! (docs/PERFORMANCE.md section 3).

use tokio::io::{AsyncRead, AsyncWrite};
use tracing::debug;

pub type Input = Box<dyn AsyncRead + Unpin + Send>;
pub type Output = Box<dyn AsyncWrite + Unpin + Send>;

/// stdin, for the protocol. Must be called inside the runtime.
pub fn input() -> Input {
    #[cfg(unix)]
    match event_loop::input() {
        Ok(Ok((input, kind))) => {
            debug!("stdin: {kind}, read on the event loop");
            return input;
        }
        Ok(Err(why)) => debug!("stdin: {why}, read through tokio's stdin"),
        Err(err) => debug!("stdin: {err}, read through tokio's stdin"),
    }
    Box::new(tokio::io::stdin())
}

/// stdout, for the protocol. Must be called inside the runtime.
pub fn output() -> Output {
    #[cfg(unix)]
    match event_loop::output() {
        Ok(Ok((output, kind))) => {
            debug!("stdout: {kind}, written on the event loop");
            return output;
        }
        Ok(Err(why)) => debug!("stdout: {why}, written through tokio's stdout"),
        Err(err) => debug!("stdout: {err}, written through tokio's stdout"),
    }
    Box::new(tokio::io::stdout())
}

#[cfg(unix)]
mod event_loop {
    use std::fs::{File, Metadata};
    use std::io;
    use std::os::fd::{AsFd, OwnedFd};
    use std::os::unix::fs::{FileTypeExt, MetadataExt};

    use tokio::net::unix::pipe;

    use super::{Input, Output};

    /// stdin on the event loop and what it is, or why it is not.
    pub fn input() -> io::Result<Result<(Input, &'static str), &'static str>> {
        let fd = io::stdin().as_fd().try_clone_to_owned()?;
        Ok(match kind(&fd)? {
            Kind::Pipe => Ok((Box::new(pipe::Receiver::from_owned_fd(fd)?), "a pipe")),
            Kind::Socket => Ok((Box::new(socket(fd)?), "a socket")),
            Kind::Other => Err("neither a pipe nor a socket"),
        })
    }

    /// stdout on the event loop and what it is, or why it is not. Not when stderr goes to the
    /// same place: the log's blocking writes must not meet a non-blocking descriptor.
    pub fn output() -> io::Result<Result<(Output, &'static str), &'static str>> {
        let fd = io::stdout().as_fd().try_clone_to_owned()?;
        let stderr = File::from(io::stderr().as_fd().try_clone_to_owned()?).metadata();
        if let Ok(stderr) = stderr
            && same_file(&metadata(&fd)?, &stderr)
        {
            return Ok(Err("where stderr goes too"));
        }
        Ok(match kind(&fd)? {
            Kind::Pipe => Ok((Box::new(pipe::Sender::from_owned_fd(fd)?), "a pipe")),
            Kind::Socket => Ok((Box::new(socket(fd)?), "a socket")),
            Kind::Other => Err("neither a pipe nor a socket"),
        })
    }

    enum Kind {
        Pipe,
        Socket,
        Other,
    }

    fn kind(fd: &OwnedFd) -> io::Result<Kind> {
        let file_type = metadata(fd)?.file_type();
        Ok(if file_type.is_fifo() {
            Kind::Pipe
        } else if file_type.is_socket() {
            Kind::Socket
        } else {
            Kind::Other
        })
    }

    fn metadata(fd: &OwnedFd) -> io::Result<Metadata> {
        File::from(fd.try_clone()?).metadata()
    }

    fn same_file(a: &Metadata, b: &Metadata) -> bool {
        a.dev() == b.dev() && a.ino() == b.ino()
    }

    /// A stream socket (what libuv gives a child for its stdio).
    fn socket(fd: OwnedFd) -> io::Result<tokio::net::UnixStream> {
        let stream = std::os::unix::net::UnixStream::from(fd);
        stream.set_nonblocking(true)?;
        tokio::net::UnixStream::from_std(stream)
    }
}
