import Foundation
import ParleyCore
import ParleyTransfer

/// Finds how an SFTP target logs in and checks its host, by OpenSSH's conventions: the key named at init
/// (`--identity-file`), else `~/.ssh/id_ed25519` or `~/.ssh/id_ecdsa`, and the ssh-agent at `SSH_AUTH_SOCK`;
/// the host key in `~/.ssh/known_hosts`, or the one pinned at init (`--host-key SHA256:…`).
enum SSHIdentity {
    static func resolve(
        identityFile: String?, hostKey: String?, environment: [String: String]
    ) throws(ParleyError) -> SSHAuthentication {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let agent = environment["SSH_AUTH_SOCK"].flatMap { $0.isEmpty ? nil : $0 }
        if let hostKey, HostKeyFingerprint.normalized(hostKey) == nil {
            throw .invalidValue(
                field: "host_key", value: hostKey,
                rule: "is not a SHA-256 host key fingerprint such as SHA256:…43 base64 characters… (as "
                    + "`ssh-keygen -lf` prints it)")
        }
        let knownHosts = home + "/.ssh/known_hosts"
        if let identityFile {
            guard let key = SSHKeyFile.inspect(identityFile) else {
                throw .invalidValue(
                    field: "identity_file", value: identityFile,
                    rule: "must be a readable OpenSSH or PEM private key file (ed25519 or ECDSA)")
            }
            try requireUsable(key, identityFile)
            if key.isEncrypted {
                guard agent != nil else { throw encrypted(identityFile) }
                return SSHAuthentication(
                    privateKeyFile: nil, useAgent: true, knownHostsFile: knownHosts, pinnedHostKey: hostKey)
            }
            return SSHAuthentication(
                privateKeyFile: identityFile, useAgent: agent != nil, knownHostsFile: knownHosts,
                pinnedHostKey: hostKey)
        }
        var refused: [String] = []
        for name in ["id_ed25519", "id_ecdsa"] {
            let path = home + "/.ssh/" + name
            guard let key = SSHKeyFile.inspect(path) else { continue }
            if key.kind.isUsable && !key.isEncrypted {
                return SSHAuthentication(
                    privateKeyFile: path, useAgent: agent != nil, knownHostsFile: knownHosts, pinnedHostKey: hostKey)
            }
            refused.append("\(path) is protected by a passphrase")
        }
        if agent != nil {
            return SSHAuthentication(
                privateKeyFile: nil, useAgent: true, knownHostsFile: knownHosts, pinnedHostKey: hostKey)
        }
        if SSHKeyFile.inspect(home + "/.ssh/id_rsa") != nil {
            refused.append("\(home)/.ssh/id_rsa is an RSA key, " + rsaReason)
        }
        throw .invalidValue(
            field: "identity_file", value: "(none)",
            rule: "is needed: no ssh-agent (SSH_AUTH_SOCK) and no usable ~/.ssh/id_ed25519 or ~/.ssh/id_ecdsa"
                + (refused.isEmpty ? "" : " (" + refused.joined(separator: "; ") + ")")
                + ". Make one with `ssh-keygen -t ed25519`, authorize it on the server, or name one with --identity-file"
        )
    }

    static let rsaReason =
        "which libssh2 1.10 cannot sign with as OpenSSH servers require (RSA-SHA2; ssh-rsa with SHA-1 is refused "
        + "since OpenSSH 8.8): use an ed25519 or ECDSA key (`ssh-keygen -t ed25519`)"

    private static func requireUsable(_ key: SSHKeyFile, _ path: String) throws(ParleyError) {
        switch key.kind {
        case .ed25519, .ecdsa: return
        case .rsa: throw .invalidValue(field: "identity_file", value: path, rule: "is an RSA key, " + rsaReason)
        case .dsa:
            throw .invalidValue(
                field: "identity_file", value: path,
                rule: "is a DSA key, which OpenSSH no longer accepts: use an ed25519 or ECDSA key")
        case let .unknown(type):
            throw .invalidValue(
                field: "identity_file", value: path, rule: "is a \(type) key; only ed25519 and ECDSA keys are used")
        }
    }

    private static func encrypted(_ path: String) -> ParleyError {
        .invalidValue(
            field: "identity_file", value: path,
            rule: "is protected by a passphrase, which the daemon has no one to ask for: load it into ssh-agent "
                + "(`ssh-add \(path)`) and start the daemon where SSH_AUTH_SOCK is set")
    }
}
