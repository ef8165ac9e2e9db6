// SPDX-License-Identifier: BSD-3-Clause
// What a Go program reads of time and randomness: the Go runtime reads
// the clock through the vDSO, and crypto/rand by getrandom, past any
// libc (test/det/det-matrix.sh). Map order is left out: the runtime
// seeds it from the CPU's time-stamp counter, which no sandbox controls.
package main

import (
	crand "crypto/rand"
	"fmt"
	mrand "math/rand"
	"os"
	"time"
)

func main() {
	b := make([]byte, 16)
	if _, err := crand.Read(b); err != nil {
		fmt.Println("crypto/rand:", err)
		os.Exit(1)
	}
	fmt.Printf("time.Now %s\n", time.Now().UTC().Format(time.RFC3339Nano))
	fmt.Printf("unix %d\n", time.Now().Unix())
	fmt.Printf("crypto/rand %x\n", b)
	fmt.Printf("math/rand %d\n", mrand.Int63())
	host, err := os.Hostname()
	fmt.Printf("hostname %s %v\n", host, err)
}
