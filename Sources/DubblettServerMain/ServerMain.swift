// dubblett-server: flags are parsed here; everything else is the DubblettServer library.
import ArgumentParser
import DubblettServer

/// The entry point: `ServerCommand` is defined in the library so tests can parse its flags.
@main
extension ServerCommand {}
