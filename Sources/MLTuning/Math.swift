#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's elementary functions under one name on every platform, so that the
/// numeric code does not depend on Foundation. Their results are fixed by the platform's
/// libm, which the seeded results of this module rely on.
enum Math {
    @inline(__always) static func exp(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.exp(x)
        #else
            Darwin.exp(x)
        #endif
    }
    @inline(__always) static func log(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.log(x)
        #else
            Darwin.log(x)
        #endif
    }
    @inline(__always) static func log1p(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.log1p(x)
        #else
            Darwin.log1p(x)
        #endif
    }
    @inline(__always) static func expm1(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.expm1(x)
        #else
            Darwin.expm1(x)
        #endif
    }
    @inline(__always) static func erfc(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.erfc(x)
        #else
            Darwin.erfc(x)
        #endif
    }
    @inline(__always) static func cos(_ x: Double) -> Double {
        #if canImport(Glibc)
            Glibc.cos(x)
        #else
            Darwin.cos(x)
        #endif
    }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Glibc)
            Glibc.pow(x, y)
        #else
            Darwin.pow(x, y)
        #endif
    }
}
