// SPDX-License-Identifier: BSD-3-Clause

// The seed's example in Go, as cant-get-out.c does it in C: try to get
// out twice, through the network and through the host's file system, and
// say what happened.
//
//	cant-get-out [address [port]]     (default 8.8.8.8 53)
//
// Exits 0 when both attempts were refused, 1 when one got out. Outside
// the sandbox it dials nothing but loopback (the sandbox's filter is
// mode 2 of PR_GET_SECCOMP), so running it by mistake on the host sends
// no traffic anywhere. The test builds it three ways (meson.build): with
// cgo (dynamic), CGO_ENABLED=0 (static) and -linkmode=external.
package main

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// PR_GET_SECCOMP (linux/prctl.h); 2 is SECCOMP_MODE_FILTER.
const prGetSeccomp = 21

func filtered() bool {
	mode, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prGetSeccomp,
		0, 0)
	return errno == 0 && mode == 2
}

func main() {
	host, port := "8.8.8.8", "53"
	if len(os.Args) > 1 {
		host = os.Args[1]
	}
	if len(os.Args) > 2 {
		port = os.Args[2]
	}
	ip := net.ParseIP(host)
	if ip == nil {
		fmt.Fprintf(os.Stderr, "cant-get-out: %s: not an IP address\n",
			host)
		os.Exit(2)
	}
	if !ip.IsLoopback() && !filtered() {
		fmt.Fprintf(os.Stderr, "cant-get-out: not inside the tamago "+
			"sandbox: refusing to dial %s from the host\n", host)
		os.Exit(2)
	}

	out := 0
	addr := net.JoinHostPort(host, port)
	if conn, err := net.Dial("tcp", addr); err != nil {
		fmt.Printf("** I can't get out! ;-( ** %v\n", err)
	} else {
		fmt.Printf("** I got out! ** dial %s succeeded\n", addr)
		conn.Close()
		out = 1
	}
	if f, err := os.Open("/etc/shadow"); err != nil {
		fmt.Printf("** I can't get out! ;-( ** %v\n", err)
	} else {
		buf := make([]byte, 64)
		n, _ := f.Read(buf)
		fmt.Printf("** I got out! ** read %d bytes of /etc/shadow\n", n)
		f.Close()
		out = 1
	}
	os.Exit(out)
}
