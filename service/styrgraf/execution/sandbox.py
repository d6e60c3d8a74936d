"""Confine a child process so that nothing in it can reach a network: :func:`confine`.

The query worker processes call it before they answer anything, so that the engine cannot
make a request whatever a query says (``SERVICE``, ``LOAD``, ``FROM <url>``): a second wall
behind the SPARQL lexer (:mod:`styrgraf.sparql.syntax`). Any other child process that handles
what the public sends (a parser of uploaded RDF, say) can call it too.

It installs a seccomp-BPF filter (Linux): after ``prctl(PR_SET_NO_NEW_PRIVS)``,
``prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program)``. The filter answers ``EACCES`` to

- ``socket()`` of any family but ``AF_UNIX`` (so no TCP, UDP, raw or packet socket);
- ``connect``, ``bind``, ``listen``, ``accept`` and ``accept4`` on any socket (a worker only
  reads and writes the pipe to its parent, which was connected before it started);
- ``io_uring_setup``, ``io_uring_enter`` and ``io_uring_register`` (io_uring can connect
  without the ``connect`` system call, out of a filter's sight);
- every system call of another ABI than the process's own (i386 on x86_64, where
  ``socketcall`` multiplexes the socket calls, and x32), which nothing here uses;

and lets everything else through. ``socketpair`` stays allowed: its two ends reach only each
other. A filter cannot be removed once installed, and it is inherited by every process the
confined one starts.

Written by hand with ctypes rather than with libseccomp's bindings: the filter is fifteen
instructions, the Python bindings of libseccomp are not on PyPI (they come with the
distribution's package), and the service must install with pip alone. The system call
numbers and the audit architectures are those of x86_64 and aarch64; on any other machine, or
where the kernel refuses (no seccomp, or a container that forbids it), :func:`confine` logs
why and returns False, and the lexer is the only wall.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import platform
import socket
import struct
import sys

log = logging.getLogger(__name__)

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
DENY = SECCOMP_RET_ERRNO | errno.EACCES

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
NR_OFFSET = 0
ARCH_OFFSET = 4
ARG0_OFFSET = 16  # the low 32 bits of the first argument (both machines are little-endian)

# Classic BPF opcodes.
LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
RET_K = 0x06  # BPF_RET | BPF_K

X32_SYSCALL_BIT = 0x40000000

MACHINES = {
    # machine: (audit architecture, socket, {system calls always refused})
    "x86_64": (
        0xC000003E,  # AUDIT_ARCH_X86_64
        41,
        {"connect": 42, "accept": 43, "bind": 49, "listen": 50, "accept4": 288}
        | {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427},
    ),
    "aarch64": (
        0xC00000B7,  # AUDIT_ARCH_AARCH64
        198,
        {"bind": 200, "listen": 201, "accept": 202, "connect": 203, "accept4": 242}
        | {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427},
    ),
}
MACHINES["amd64"] = MACHINES["x86_64"]
MACHINES["arm64"] = MACHINES["aarch64"]


def program(machine: str) -> list[tuple[int, int, int, int]]:
    """The filter for ``machine`` as (code, jump if true, jump if false, k) instructions."""
    arch, socket_nr, refused = MACHINES[machine]
    deny: list[tuple[int, int, int, int]] = [(RET_K, 0, 0, DENY)]
    allow: list[tuple[int, int, int, int]] = [(RET_K, 0, 0, SECCOMP_RET_ALLOW)]
    # The socket() check: AF_UNIX allowed, any other family refused.
    socket_check = [
        (LD_W_ABS, 0, 0, ARG0_OFFSET),
        (JEQ_K, 0, 1, socket.AF_UNIX),
        (RET_K, 0, 0, SECCOMP_RET_ALLOW),
        (RET_K, 0, 0, DENY),
    ]
    numbers = sorted(refused.values())
    # Jumps are relative and forward; written from the end so each knows its distance.
    # Layout: [arch check][nr load][x32 check][socket jeq][refused jeqs][allow][socket][deny]
    tail = allow + socket_check + deny
    deny_at = len(tail) - 1  # index of deny within tail
    socket_at = len(allow)  # index of socket_check within tail
    checks: list[tuple[int, int, int, int]] = []
    for position, number in enumerate(numbers):
        after = len(numbers) - position - 1  # checks after this one, before the tail
        checks.append((JEQ_K, after + deny_at, 0, number))
    socket_jump = (JEQ_K, len(numbers) + socket_at, 0, socket_nr)
    head: list[tuple[int, int, int, int]] = [(LD_W_ABS, 0, 0, NR_OFFSET)]
    if machine in ("x86_64", "amd64"):
        # An x32 system call: refused (its numbers carry this bit).
        head.append((JGE_K, 1 + len(numbers) + deny_at, 0, X32_SYSCALL_BIT))
    body = [*head, socket_jump, *checks, *tail]
    # Another ABI than the process's own: every call refused.
    arch_check = [(LD_W_ABS, 0, 0, ARCH_OFFSET), (JEQ_K, 1, 0, arch), (RET_K, 0, 0, DENY)]
    return arch_check + body


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def confine() -> bool:
    """Refuse this process (and its children) every way to a network; True when the filter is
    in place, False (logged) when this machine or its kernel does not allow it."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in MACHINES:
        log.warning(
            "this worker process is not confined: seccomp filters are written here for "
            "Linux on x86_64 and aarch64, not %s on %s",
            sys.platform,
            machine,
        )
        return False
    instructions = program(machine)
    packed = b"".join(struct.pack("<HBBI", *instruction) for instruction in instructions)
    buffer = ctypes.create_string_buffer(packed, len(packed))
    fprog = _Filter(len(instructions), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        problem = ctypes.get_errno()
        log.warning(
            "this worker process is not confined: PR_SET_NO_NEW_PRIVS refused (%s)",
            errno.errorcode.get(problem, problem),
        )
        return False
    if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        problem = ctypes.get_errno()
        log.warning(
            "this worker process is not confined: the kernel refused the seccomp filter (%s)",
            errno.errorcode.get(problem, problem),
        )
        return False
    return True
