/// Domains of disposable ("throw-away", "10-minute") e-mail services: an address there works for minutes
/// or hours and then no one reads it, so a register's customer is unreachable at it. Shipped with the
/// program (no download); a subdomain of a listed domain counts too. Add domains in lower case, one per
/// string, keeping the list sorted.
public enum DisposableDomains {
    /// The built-in list.
    public static let list: [String] = [
        "0-mail.com", "10minutemail.co.uk", "10minutemail.com", "10minutemail.net", "10minutesmail.com",
        "20minutemail.com", "33mail.com", "anonbox.net", "armyspy.com", "binkmail.com", "bobmail.info",
        "burnermail.io", "byom.de", "cuvox.de", "dayrep.com", "deadaddress.com", "discard.email", "discardmail.com",
        "discardmail.de", "dispostable.com", "dodgit.com", "dropmail.me", "e4ward.com", "emailondeck.com",
        "emailsensei.com", "emailtemporario.com.br", "fakeinbox.com", "fakemail.net", "fakemailgenerator.com",
        "filzmail.com", "getairmail.com", "getnada.com", "gishpuppy.com", "guerrillamail.biz", "guerrillamail.com",
        "guerrillamail.de", "guerrillamail.info", "guerrillamail.net", "guerrillamail.org",
        "guerrillamailblock.com", "harakirimail.com", "inboxbear.com", "incognitomail.org", "jetable.org",
        "jourrapide.com", "kasmail.com", "mail-temp.com", "mail.tm", "mailcatch.com", "maildrop.cc",
        "mailexpire.com", "mailforspam.com", "mailinator.com", "mailinator.net", "mailinator2.com", "mailnesia.com",
        "mailnull.com", "mailsac.com", "mailtemp.net", "meltmail.com", "mintemail.com", "moakt.com", "mohmal.com",
        "mt2015.com", "mvrht.net", "my10minutemail.com", "mytemp.email", "mytrashmail.com", "nada.email",
        "no-spam.ws", "nowmymail.com", "objectmail.com", "one-time.email", "onewaymail.com", "pokemail.net",
        "proxymail.eu", "rcpt.at", "rhyta.com", "sharklasers.com", "shieldemail.com", "sofimail.com", "spam4.me",
        "spamavert.com", "spambog.com", "spambox.us", "spamdecoy.net", "spamfree24.org", "spamgourmet.com",
        "spamhole.com", "spaml.com", "spammotel.com", "superrito.com", "teleworm.us", "temp-mail.io",
        "temp-mail.org", "tempail.com", "tempemail.net", "tempinbox.com", "tempmail.dev", "tempmail.net",
        "tempmail.plus", "tempmailaddress.com", "tempmailo.com", "temporaryemail.net", "temporaryinbox.com",
        "tempr.email", "thankyou2010.com", "throwam.com", "throwawaymail.com", "tmail.ws", "tmails.net",
        "tmpmail.net", "tmpmail.org", "trash-mail.com", "trash-mail.de", "trashmail.at", "trashmail.com",
        "trashmail.de", "trashmail.me", "trashmail.net", "trashmail.ws", "trashmailer.com", "wegwerfemail.de",
        "wegwerfmail.de", "wegwerfmail.net", "wegwerfmail.org", "yopmail.com", "yopmail.fr", "yopmail.net",
        "zetmail.com",
    ]

    static let set: Set<[UInt8]> = Set(list.map { Array($0.utf8) })

    /// Whether `domain` (lower case) or one of its parent domains is on the list.
    public static func contains(_ domain: [UInt8]) -> Bool {
        var start = 0
        while start < domain.count {
            if set.contains(Array(domain[start...])) { return true }
            guard let dot = domain[start...].firstIndex(of: 0x2E) else { return false }
            start = dot + 1
        }
        return false
    }
}
