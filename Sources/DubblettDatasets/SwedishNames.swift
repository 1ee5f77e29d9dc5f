import Dubblett
/// Hand-compiled frequency tables of Swedish given names and surnames for the register generator.
///
/// Weights are approximate counts in thousands of people carrying the name, after the shape of
/// Statistics Sweden's (SCB) published name statistics: a few -son surnames (Andersson, Johansson,
/// Karlsson ...) are very common, which is what makes precision hard for a matcher; a long tail of
/// two-part nature names (Lindberg, Sjögren) is added by `SwedishTables` from `surnameParts`.
///
/// Line format: `Name weight [Variant/Variant] [| Nickname/Nickname]`. Variants are real alternative
/// spellings of the same name (Karl/Carl, Gustav/Gustaf); nicknames are forms people write on forms
/// (Kalle for Karl). Only Latin-1 letters are used, so every value survives Windows-1252 output.
enum SwedishNames {
    static let male = """
        Lars 85 | Lasse
        Mikael 80 Michael | Micke
        Anders 78 | Affe
        Johan 75 | Jocke
        Erik 72 Eric
        Per 65 Pehr | Pelle/Perra
        Karl 63 Carl | Kalle
        Peter 55 Petter | Pelle
        Thomas 52 Tomas | Tompa
        Jan 50 | Janne
        Daniel 48 | Danne
        Fredrik 46 Fredric | Fredde
        Hans 44 | Hasse
        Andreas 43 | Andy
        Stefan 42 Staffan | Steffe
        Mohammed 30 Mohamed/Muhammad
        Bengt 30 | Bengan
        Alexander 38 | Alex
        Mats 36 Matts | Matte
        Magnus 35 | Mange
        Bo 34 | Bosse
        Nils 33 | Nisse
        Jonas 32 | Jonte
        Sven 32 | Svenne
        Oskar 31 Oscar | Ogge
        Martin 31 | Mackan
        Mattias 30 Matthias/Mathias | Matte
        Markus 29 Marcus | Mackan
        Gustav 28 Gustaf | Gurra/Gösta
        Leif 27 Leiff
        Björn 26 Björne
        Henrik 26 Henric | Henke
        Ulf 25 Ulph | Uffe
        Christer 24 Krister | Krille
        Göran 24 Jöran | Gurra
        Robert 23 | Robban
        Patrik 23 Patric/Patrick | Patte
        Niklas 22 Nicklas/Niclas | Nicke
        Emil 22 | Emme
        Viktor 21 Victor | Vicke
        Simon 20 Symon
        Kjell 20 Kjel
        Anton 20 | Tony
        Lennart 19 Lenart | Lelle
        Rolf 18 | Roffe
        Tommy 18 Tommie | Tompa
        Sebastian 18 | Sebbe
        Joakim 18 Joachim | Jocke
        David 17
        Kent 17
        Filip 17 Philip | Fille
        Hugo 16
        Lucas 15 Lukas
        Elias 15
        William 15 Vilhelm | Wille
        Axel 15 Axell | Acke
        Ali 12
        Roger 14 Rodger
        Jörgen 14 Jørgen | Jögge
        Åke 14 Ake
        Olof 14 Olov/Olle | Olle
        Gunnar 13 | Gunnis
        Kenneth 13 Kennet | Kenta
        Stig 13
        Rune 12
        Håkan 12 Hakan | Hagge
        Torbjörn 12 Thorbjörn | Tobbe
        Kristian 12 Christian | Krille
        Tobias 12 | Tobbe
        Jesper 11
        Adam 11
        Jakob 11 Jacob | Jake
        Isak 10 Isac/Isaac
        Ludvig 10 Ludwig | Ludde
        Liam 10
        Noah 10 Noa
        Oliver 10 Olivier
        Leo 10
        Arne 9
        Ingvar 9 Ingevar
        Gösta 8
        Kristoffer 9 Christoffer/Christopher | Kricke
        Rikard 8 Richard | Rikke
        Teodor 7 Theodor | Teo
        Mehmet 5
        Ahmed 6 Ahmad
        Carl-Johan 5 Karl-Johan | CJ
        Pontus 6
        Gabriel 7
        Samuel 7 | Sam
        Benjamin 7 | Benke
        Albin 7
        Melvin 6
        Vincent 6
        Arvid 6 Arvidh
        Edvin 6 Edwin
        Valter 5 Walter
        Sixten 4
        Harald 4
        Evert 4
        Ingemar 6 Ingmar
        Lage 2
        Einar 3 Ejnar
        Torsten 4 Thorsten
        Gunnar-Erik 1
        """

    static let female = """
        Maria 75 Marie | Mia
        Anna 72 Ana | Annie
        Eva 55 Evy
        Karin 50 Carin | Kajsa
        Kristina 48 Christina/Kristine | Kicki/Stina
        Lena 45 Leena
        Sara 42 Sarah
        Emma 40 Emmy
        Ingrid 38 | Inga
        Kerstin 36 | Kickan
        Margareta 36 Margaretha | Maggan/Greta
        Elisabeth 35 Elisabet/Elizabeth | Lisa/Bettan
        Birgitta 35 Birgit | Gittan/Bitte
        Marianne 30 Mariann
        Linnea 30 Linnéa | Nea
        Sofia 30 Sophia/Sofie | Fia
        Helena 29 Helene | Lena
        Johanna 28 Johana | Hanna
        Inger 28 | Inga
        Cecilia 26 Cecilja | Cissi
        Elin 26 Ellin
        Anita 24
        Ulla 24 Ula
        Louise 23 Lovisa | Lollo
        Viktoria 23 Victoria | Vickan
        Hanna 23 Hannah
        Linda 23 Lynda
        Malin 23 | Malle
        Ida 22
        Gunilla 22 | Gunnel/Nilla
        Susanne 21 Suzanne | Sussie
        Jenny 21 Jennie/Jenni
        Carina 21 Karina
        Camilla 20 Kamilla | Millan
        Katarina 20 Catharina/Katharina | Kattis/Kajsa
        Monica 20 Monika
        Elsa 18
        Ebba 18
        Julia 18 Julija
        Maja 18 Maia | Majsan
        Alice 17 Alise
        Astrid 17
        Wilma 16 Vilma
        Alva 15 Alvah
        Agnes 15
        Klara 14 Clara
        Ella 14
        Frida 14 Frieda
        Ann 14 Anne
        Annika 14 Annica | Anki
        Åsa 14 Asa
        Therese 14 Terese/Theresé | Tessan
        Britt 13 Brit
        Siv 12
        Gun 12 Gunn
        Barbro 12 | Babsan
        Agneta 12 Agnetha
        Irene 11 Iréne
        Yvonne 11 Yvone
        Pia 11
        Lisa 11 Liza
        Emelie 11 Emilie/Emily
        Matilda 11 Mathilda | Tilda
        Amanda 10
        Josefin 10 Josephine/Josefine | Jossan
        Moa 9
        Saga 9
        Nora 9 Norah
        Freja 9 Freya
        Selma 8
        Ellen 8
        Stina 8
        Märta 7 Marta
        Sigrid 7
        Gerd 7
        Solveig 7 Solweig
        Ylva 7
        Mona 7
        Annelie 7 Anneli
        Jessica 8 Jessika | Jessan
        Sandra 8
        Madeleine 8 Madelene/Madeléne | Maddy
        Charlotte 8 Charlotta | Lotta
        Erika 8 Erica
        Rebecka 7 Rebecca/Rebekka | Becka
        Mikaela 6 Michaela
        Fatima 6 Fatma
        Karolina 7 Carolina/Caroline | Karro
        Ulrika 7 Ulrica
        Helen 6 Hélène
        Gunnel 5
        Vera 5 Wera
        Ester 5 Esther
        Ingeborg 4 | Inga
        Signe 4
        Anna-Karin 4 Annakarin
        Ann-Marie 4 Ann-Mari/Annmarie
        """

    /// Surnames with their approximate frequency; -son names lead, as in Sweden.
    static let surnames = """
        Andersson 226 Anderson
        Johansson 225 Johanson
        Karlsson 196 Carlsson/Karlson
        Nilsson 157 Nilson
        Eriksson 135 Ericsson/Erixon/Erikson
        Larsson 116 Larson
        Olsson 103 Ohlsson/Olson
        Persson 96 Pehrsson/Person
        Svensson 88 Svenson
        Gustafsson 87 Gustavsson/Gustafson
        Pettersson 84 Petersson/Peterson
        Jonsson 64 Jonson
        Jansson 44 Janson
        Hansson 39 Hanson
        Bengtsson 32 Bengtson
        Jönsson 31 Jönson
        Lindberg 27 Lindbergh
        Jakobsson 27 Jacobsson/Jakobson
        Magnusson 26 Magnuson
        Lindström 25 Lindstrom
        Olofsson 25 Olovsson
        Lindqvist 24 Lindkvist/Lindquist
        Lindgren 24 Lindgrén
        Berg 23 Bergh
        Axelsson 23 Axelson
        Bergström 22 Bergstrom
        Lundberg 22 Lundbergh
        Lind 22 Lindh
        Lundgren 22 Lundgrén
        Lundqvist 21 Lundkvist/Lundquist
        Mattsson 20 Matsson/Mathsson
        Berglund 20 Bergelund
        Fredriksson 19 Fredricsson/Fredrikson
        Sandberg 19 Sandbergh
        Henriksson 18 Henricsson
        Forsberg 18 Forssberg
        Sjöberg 18 Sjöbergh
        Wallin 17 Vallin
        Ali 12 Aly
        Engström 16 Engstrom
        Mohammed 14 Mohamed/Muhammed
        Eklund 16 Ekelund
        Danielsson 16 Danielson
        Lundin 16 Lundén
        Håkansson 15 Hakansson
        Björk 15 Björck
        Bergman 15 Bergmann
        Gunnarsson 15 Gunnarson
        Holm 15
        Wikström 14 Vikström
        Samuelsson 14 Samuelson
        Isaksson 14 Isacsson
        Fransson 14 Franzon/Franson
        Bergqvist 14 Bergkvist/Bergquist
        Nyström 13 Nystrom
        Holmberg 13 Holmbergh
        Arvidsson 13 Arvidson
        Löfgren 13 Löwgren/Lövgren
        Söderberg 13 Söderbergh
        Nyberg 13 Nybergh
        Blomqvist 12 Blomkvist/Blomquist
        Claesson 12 Klasson/Classon
        Nordström 12 Nordstrom
        Mårtensson 12 Mårtenson/Martensson
        Lundström 12 Lundstrom
        Ahmed 11 Ahmad
        Viklund 11 Wiklund
        Björklund 11 Björcklund
        Eliasson 11 Eliason
        Pålsson 11 Paulsson/Palsson
        Hassan 10 Hasan
        Berggren 11 Berggrén
        Sandström 11 Sandstrom
        Lund 11 Lundh
        Nordin 11 Nordén
        Ström 10 Strom
        Åberg 10 Aberg/Åbergh
        Hermansson 10 Hermanson
        Ekström 10 Ekstrom
        Holmgren 10 Holmgrén
        Sundberg 10 Sundbergh
        Hedlund 10 Hedlundh
        Dahlberg 10 Dalberg
        Hellström 10 Helström
        Sjögren 10 Sjögrén
        Abrahamsson 9 Abrahamson
        Falk 9 Falck
        Öberg 9 Oberg/Öbergh
        Andreasson 9 Andreason
        Månsson 9 Monsson/Manson
        Ekman 9 Eckman
        Blom 9 Blohm
        Jakobsen 3 Jacobsen
        Hussein 7 Husein/Hussain
        Nguyen 4 Nguyén
        Lindholm 8
        Strand 8 Strandh
        Wahlström 8 Walström
        Sundqvist 8 Sundkvist
        Martinsson 8 Martinson
        Lindell 7 Lindel
        Lindén 6 Linden
        Engberg 7 Engbergh
        Hedberg 7 Hedbergh
        Sjöström 7 Sjöstrom
        Göransson 7 Jöransson/Göranson
        Börjesson 7 Börjeson
        Nordqvist 7 Nordkvist/Nordquist
        Ek 7 Eek
        Melin 7 Mellin
        Backman 7 Bakman
        Palm 6 Pahlm
        Strömberg 6 Strömbergh
        Norberg 6 Norbergh
        Josefsson 6 Josephsson/Josefson
        von Essen 1 af Essen
        Bäckström 6 Bäckstrom
        Åström 6 Öström
        Lindahl 6 Lindal
        Hellberg 6 Helberg
        Kristiansson 5 Christiansson/Kristianson
        """

    /// First and second parts of two-part nature surnames (`Lind` + `gren` = Lindgren).
    static let surnameParts = (
        first: """
            Lind Berg Sjö Ek Gran Ahl Dahl Ros Strand Hag Sten Al Asp Björk Bäck Blom Fors Hed Holm Lund
            Löv Nord Norr Sund Söder Väster Öster Hall Hjelm Kvarn Malm Ny Sand Skog Sköld Stål Stjern
            Ström Tall Wahl Wik Åker Ång Fager Frost Gull Mark Rosen Sol Svan Törn Vall Ling Kron Ljung
            Hammar Eng Ceder Dal Falk Grön Back Bred Fur Hellen Kall Lilje Nilsen Palm Rud Sjö Sten Ulf
        """,
        second: """
            berg gren ström qvist lund holm dahl man sten blad feldt kvist stedt mark ling näs by vall
        """
    )
}
