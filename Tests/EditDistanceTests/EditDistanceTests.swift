import EditDistance
import Testing

@Suite struct EditDistanceTests {
    @Test(arguments: [("alpah", "alpha"), ("paht", "path"), ("tiem", "time"), ("knid", "kind"), ("usre_id", "user_id")])
    func transpositionIsOneEdit(_ typo: String, _ word: String) {
        #expect(editDistance(typo, word) == 1)
        #expect(editDistance(word, typo) == 1)
    }

    @Test func distancesOfSimpleEdits() {
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("abc", "") == 3)
        #expect(editDistance("same", "same") == 0)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("usre_di", "user_id") == 2)  // two transpositions
        #expect(editDistance("ca", "abc") == 3)  // optimal string alignment, not full Damerau
    }

    @Test func charactersAndStringsAgree() {
        for (a, b) in [("paht", "path"), ("kitten", "sitting"), ("é", "e"), ("ab", "ba")] {
            #expect(editDistance(Array(a), Array(b)) == editDistance(a, b))
        }
    }
}
