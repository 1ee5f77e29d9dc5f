import Dubblett
/// Hand-compiled Swedish postal areas, area codes, streets and e-mail providers for the generator.
///
/// Postal codes are five digits written `NNN NN`; the first digits follow the region (1 = Stockholm,
/// 2 = Skåne, 3 = Småland/Halland/Blekinge, 4 = Göteborg and Västra Götaland, 5 = Borås, Jönköping,
/// Östergötland, 6 = Norrköping, Sörmland, Värmland, Gotland, 7 = Örebro, Västmanland, Uppsala, Dalarna,
/// 8 = Gävleborg to Västernorrland and Jämtland, 9 = Västerbotten and Norrbotten). Each line gives a
/// real three-digit prefix with its post town, the town's landline area code and a population-like
/// weight; the generator completes the last two digits. Sources: PEERS.md §3.4 (structure) and §3.5
/// (area codes: Stockholm 08, Göteborg 031, Malmö 040), filled in by hand.
///
/// Line format: `prefix|town|areacode|weight`.
enum SwedishPlaces {
    static let postalAreas = """
        111|Stockholm|08|30
        112|Stockholm|08|30
        113|Stockholm|08|35
        114|Stockholm|08|30
        115|Stockholm|08|25
        116|Stockholm|08|30
        117|Stockholm|08|30
        118|Stockholm|08|30
        120|Årsta|08|12
        121|Johanneshov|08|12
        122|Enskede|08|12
        123|Farsta|08|14
        124|Bandhagen|08|12
        125|Älvsjö|08|12
        126|Hägersten|08|14
        127|Skärholmen|08|12
        128|Bagarmossen|08|10
        129|Hägersten|08|10
        131|Nacka|08|14
        132|Saltsjö-Boo|08|10
        133|Saltsjöbaden|08|6
        134|Gustavsberg|08|8
        135|Tyresö|08|12
        136|Haninge|08|14
        137|Västerhaninge|08|8
        138|Älta|08|5
        141|Huddinge|08|14
        142|Skogås|08|8
        143|Vårby|08|6
        144|Rönninge|08|5
        145|Norsborg|08|8
        146|Tullinge|08|6
        147|Tumba|08|10
        149|Nynäshamn|08|8
        151|Södertälje|08|14
        152|Södertälje|08|10
        153|Järna|08|5
        155|Nykvarn|08|4
        161|Bromma|08|12
        162|Vällingby|08|12
        163|Spånga|08|12
        164|Kista|08|10
        165|Hässelby|08|12
        167|Bromma|08|10
        168|Bromma|08|10
        169|Solna|08|12
        171|Solna|08|10
        172|Sundbyberg|08|12
        174|Sundbyberg|08|8
        175|Järfälla|08|12
        177|Järfälla|08|10
        178|Ekerö|08|7
        181|Lidingö|08|12
        182|Danderyd|08|8
        183|Täby|08|12
        184|Åkersberga|08|10
        186|Vallentuna|08|10
        187|Täby|08|10
        191|Sollentuna|08|12
        192|Sollentuna|08|8
        193|Sigtuna|08|6
        194|Upplands Väsby|08|10
        195|Märsta|08|9
        196|Kungsängen|08|7
        197|Bro|08|5
        211|Malmö|040|16
        212|Malmö|040|14
        213|Malmö|040|14
        214|Malmö|040|14
        215|Malmö|040|14
        216|Limhamn|040|12
        217|Malmö|040|14
        218|Bunkeflostrand|040|6
        222|Lund|046|12
        223|Lund|046|10
        224|Lund|046|10
        225|Lund|046|6
        226|Lund|046|8
        227|Lund|046|6
        231|Trelleborg|0410|10
        232|Arlöv|040|6
        233|Svedala|040|6
        234|Lomma|040|6
        236|Höllviken|040|6
        237|Bjärred|046|5
        241|Eslöv|0413|8
        242|Hörby|0415|5
        243|Höör|0413|5
        244|Kävlinge|046|7
        245|Staffanstorp|046|7
        246|Löddeköpinge|046|5
        247|Södra Sandby|046|4
        251|Helsingborg|042|12
        252|Helsingborg|042|12
        253|Helsingborg|042|10
        254|Helsingborg|042|10
        256|Helsingborg|042|8
        261|Landskrona|0418|10
        262|Ängelholm|0431|10
        263|Höganäs|042|8
        264|Klippan|0435|5
        265|Åstorp|042|5
        268|Svalöv|0418|4
        269|Båstad|0431|5
        271|Ystad|0411|8
        272|Simrishamn|0414|6
        273|Tomelilla|0417|4
        274|Skurup|0411|4
        275|Sjöbo|0416|5
        281|Hässleholm|0451|9
        282|Tyringe|0451|4
        283|Osby|0479|4
        284|Perstorp|0435|3
        286|Örkelljunga|0435|3
        288|Vinslöv|044|3
        291|Kristianstad|044|12
        293|Olofström|0454|4
        294|Sölvesborg|0456|5
        295|Bromölla|0456|4
        296|Åhus|044|5
        301|Halmstad|035|12
        302|Halmstad|035|12
        305|Harplinge|035|3
        311|Falkenberg|0346|9
        312|Laholm|0430|7
        331|Värnamo|0370|8
        332|Gislaved|0371|5
        333|Smålandsstenar|0371|3
        334|Anderstorp|0371|3
        335|Gnosjö|0370|3
        341|Ljungby|0372|7
        342|Alvesta|0472|5
        343|Älmhult|0476|5
        351|Växjö|0470|12
        352|Växjö|0470|10
        360|Lammhult|0472|2
        361|Emmaboda|0471|3
        362|Tingsryd|0477|3
        364|Åseda|0474|2
        371|Karlskrona|0455|12
        372|Ronneby|0457|8
        374|Karlshamn|0454|8
        375|Mörrum|0454|3
        382|Nybro|0481|5
        383|Mönsterås|0499|4
        385|Torsås|0486|2
        386|Färjestaden|0485|3
        387|Borgholm|0485|3
        391|Kalmar|0480|10
        392|Kalmar|0480|10
        393|Kalmar|0480|6
        411|Göteborg|031|16
        412|Göteborg|031|16
        413|Göteborg|031|14
        414|Göteborg|031|14
        415|Göteborg|031|14
        416|Göteborg|031|14
        417|Göteborg|031|14
        418|Göteborg|031|12
        421|Västra Frölunda|031|14
        422|Hisings Backa|031|10
        423|Torslanda|031|8
        424|Angered|031|12
        425|Hisings Kärra|031|8
        426|Västra Frölunda|031|8
        427|Billdal|031|4
        428|Kållered|031|4
        429|Särö|031|3
        431|Mölndal|031|12
        433|Partille|031|10
        434|Kungsbacka|0300|12
        435|Mölnlycke|031|8
        436|Askim|031|6
        437|Lindome|031|5
        438|Landvetter|031|4
        439|Onsala|0300|5
        441|Alingsås|0322|10
        442|Kungälv|0303|10
        443|Lerum|0302|8
        444|Stenungsund|0303|7
        445|Surte|031|4
        446|Älvängen|0303|4
        447|Vårgårda|0322|4
        448|Floda|0302|4
        449|Nödinge|0303|4
        451|Uddevalla|0522|12
        452|Strömstad|0526|5
        453|Lysekil|0523|5
        455|Munkedal|0524|3
        456|Kungshamn|0523|3
        457|Tanumshede|0525|3
        461|Trollhättan|0520|12
        462|Vänersborg|0521|10
        463|Lilla Edet|0520|3
        464|Mellerud|0530|3
        467|Grästorp|0514|2
        471|Skärhamn|0304|3
        475|Hönö|031|3
        501|Borås|033|12
        502|Borås|033|8
        503|Borås|033|8
        504|Borås|033|10
        506|Borås|033|8
        507|Brämhult|033|5
        511|Kinna|0320|5
        512|Svenljunga|0325|3
        513|Fristad|033|3
        514|Tranemo|0325|3
        516|Dalsjöfors|033|3
        517|Bollebygd|033|3
        521|Falköping|0515|8
        522|Tidaholm|0502|4
        523|Ulricehamn|0321|6
        524|Herrljunga|0513|3
        531|Lidköping|0510|10
        532|Skara|0511|6
        533|Götene|0511|4
        534|Vara|0512|4
        541|Skövde|0500|12
        542|Mariestad|0501|8
        543|Tibro|0504|4
        544|Hjo|0503|3
        545|Töreboda|0506|3
        546|Karlsborg|0505|2
        551|Jönköping|036|12
        552|Jönköping|036|10
        553|Jönköping|036|10
        554|Jönköping|036|8
        556|Jönköping|036|6
        561|Huskvarna|036|8
        562|Taberg|036|3
        563|Gränna|0390|2
        564|Bankeryd|036|4
        566|Habo|036|3
        567|Vaggeryd|0393|3
        568|Skillingaryd|0370|3
        571|Nässjö|0380|7
        573|Tranås|0140|6
        574|Vetlanda|0383|6
        575|Eksjö|0381|5
        576|Sävsjö|0382|3
        577|Hultsfred|0495|4
        578|Aneby|0380|2
        581|Linköping|013|14
        582|Linköping|013|12
        583|Linköping|013|12
        584|Linköping|013|10
        585|Linköping|013|10
        586|Linköping|013|8
        587|Linköping|013|8
        589|Linköping|013|6
        590|Borensberg|0141|3
        591|Motala|0141|10
        592|Vadstena|0143|3
        593|Västervik|0490|8
        594|Gamleby|0493|2
        595|Mjölby|0142|7
        596|Skänninge|0142|2
        597|Åtvidaberg|0120|4
        598|Vimmerby|0492|4
        599|Ödeshög|0144|2
        602|Norrköping|011|12
        603|Norrköping|011|12
        604|Norrköping|011|10
        605|Norrköping|011|10
        607|Norrköping|011|8
        611|Nyköping|0155|12
        612|Finspång|0122|7
        613|Oxelösund|0155|5
        614|Söderköping|0121|5
        615|Valdemarsvik|0123|2
        616|Åby|011|3
        618|Kolmården|011|3
        619|Trosa|0156|4
        621|Visby|0498|10
        622|Romakloster|0498|2
        623|Hemse|0498|2
        631|Eskilstuna|016|12
        632|Eskilstuna|016|10
        633|Eskilstuna|016|10
        635|Eskilstuna|016|8
        641|Katrineholm|0150|8
        642|Flen|0157|4
        643|Vingåker|0151|3
        644|Torshälla|016|3
        645|Strängnäs|0152|7
        646|Gnesta|0158|3
        647|Mariefred|0159|3
        651|Karlstad|054|12
        652|Karlstad|054|10
        653|Karlstad|054|10
        654|Karlstad|054|8
        656|Karlstad|054|6
        661|Säffle|0533|5
        662|Åmål|0532|5
        663|Skoghall|054|4
        664|Grums|0555|3
        665|Kil|0554|4
        666|Bengtsfors|0531|3
        667|Forshaga|054|3
        671|Arvika|0570|8
        672|Årjäng|0573|3
        673|Charlottenberg|0571|3
        681|Kristinehamn|0550|8
        682|Filipstad|0590|4
        683|Hagfors|0563|4
        685|Torsby|0560|4
        686|Sunne|0565|4
        691|Karlskoga|0586|10
        692|Kumla|019|7
        693|Degerfors|0586|3
        694|Hallsberg|0582|5
        695|Laxå|0584|2
        696|Askersund|0583|3
        702|Örebro|019|12
        703|Örebro|019|12
        704|Örebro|019|10
        705|Örebro|019|10
        711|Lindesberg|0581|5
        712|Hällefors|0591|2
        713|Nora|0587|3
        715|Odensbacken|019|2
        716|Fjugesta|0585|2
        718|Frövi|0581|2
        721|Västerås|021|12
        722|Västerås|021|12
        723|Västerås|021|10
        724|Västerås|021|10
        725|Västerås|021|8
        731|Köping|0221|8
        732|Arboga|0589|5
        733|Sala|0224|6
        734|Hallstahammar|0220|5
        735|Surahammar|0220|3
        736|Kungsör|0227|3
        737|Fagersta|0223|4
        738|Norberg|0223|2
        741|Knivsta|018|5
        742|Östhammar|0173|4
        743|Storvreta|018|4
        744|Heby|0224|3
        745|Enköping|0171|9
        746|Bålsta|0171|6
        747|Alunda|0174|3
        748|Österbybruk|0295|2
        751|Uppsala|018|14
        752|Uppsala|018|12
        753|Uppsala|018|12
        754|Uppsala|018|10
        755|Uppsala|018|10
        756|Uppsala|018|10
        757|Uppsala|018|8
        761|Norrtälje|0176|9
        762|Rimbo|0175|4
        763|Hallstavik|0175|3
        771|Ludvika|0240|7
        772|Grängesberg|0240|3
        774|Avesta|0226|6
        776|Hedemora|0225|5
        777|Smedjebacken|0240|4
        781|Borlänge|0243|8
        782|Borlänge|0243|6
        784|Borlänge|0243|6
        785|Gagnef|0241|3
        786|Vansbro|0281|2
        791|Falun|023|12
        792|Mora|0250|7
        793|Leksand|0247|5
        794|Orsa|0250|3
        795|Rättvik|0248|4
        796|Älvdalen|0251|2
        802|Gävle|026|12
        803|Gävle|026|10
        804|Gävle|026|8
        805|Gävle|026|8
        806|Gävle|026|6
        811|Sandviken|026|9
        812|Storvik|0290|3
        813|Hofors|0290|4
        814|Skutskär|026|4
        815|Tierp|0293|5
        816|Ockelbo|0297|3
        818|Valbo|026|4
        821|Bollnäs|0278|8
        822|Alfta|0271|3
        824|Hudiksvall|0650|8
        825|Iggesund|0650|3
        826|Söderhamn|0270|8
        827|Ljusdal|0651|5
        828|Edsbyn|0271|3
        831|Östersund|063|12
        832|Frösön|063|6
        833|Strömsund|0670|4
        834|Brunflo|063|3
        835|Krokom|0640|4
        837|Åre|0647|3
        841|Ånge|0690|3
        842|Sveg|0680|3
        851|Sundsvall|060|12
        852|Sundsvall|060|10
        853|Sundsvall|060|8
        854|Sundsvall|060|6
        856|Sundsvall|060|6
        861|Timrå|060|6
        862|Kvissleby|060|4
        864|Matfors|060|3
        865|Alnö|060|3
        871|Härnösand|0611|8
        872|Kramfors|0612|6
        881|Sollefteå|0620|6
        891|Örnsköldsvik|0660|12
        892|Domsjö|0660|3
        893|Bjästa|0660|3
        901|Umeå|090|12
        902|Umeå|090|10
        903|Umeå|090|10
        904|Umeå|090|8
        905|Umeå|090|6
        906|Umeå|090|6
        907|Umeå|090|6
        911|Vännäs|0935|4
        912|Vilhelmina|0940|3
        913|Holmsund|090|4
        914|Nordmaling|0930|3
        915|Robertsfors|0934|3
        919|Åsele|0941|2
        921|Lycksele|0950|5
        922|Vindeln|0933|2
        923|Storuman|0951|2
        931|Skellefteå|0910|12
        932|Skelleftehamn|0910|4
        933|Arvidsjaur|0960|3
        934|Kåge|0910|3
        935|Norsjö|0918|2
        936|Boliden|0910|2
        937|Burträsk|0914|2
        941|Piteå|0911|10
        942|Älvsbyn|0929|4
        943|Öjebyn|0911|3
        945|Norrfjärden|0911|3
        951|Luleå|0920|10
        952|Kalix|0923|6
        954|Gammelstad|0920|4
        955|Råneå|0924|2
        956|Överkalix|0926|2
        957|Övertorneå|0927|2
        961|Boden|0921|9
        962|Jokkmokk|0971|2
        971|Luleå|0920|10
        972|Luleå|0920|8
        973|Luleå|0920|6
        975|Luleå|0920|6
        981|Kiruna|0980|8
        982|Gällivare|0970|5
        983|Malmberget|0970|3
        984|Pajala|0978|2
        """

    /// First parts of street names; the generator glues a suffix to them (`Stor` + `gatan`).
    static let streetStems = """
        Stor Kungs Drottning Skol Kyrk Ring Park Björk Ek Lind Tall Gran Asp Rönn Bergs Sjö Strand Hamn
        Kvarn Ängs Åker Industri Järnvägs Stations Torg Mal Sand Sten Hag Skogs Trädgårds Prästgårds Tingshus
        Fabriks Smedje Vall Bruks Skeppar Fiskar Hantverkar Tullgårds Väster Öster Norr Söder Nyhems Solhems
        Linné Vasa Oden Tor Frej Balder Brage Höst Vår Sommar Vinter Lärk Hassel Al Syren Fläder Hägg
        Körsbärs Äppel Plommon Päron Vide Sälg Blåbärs Lingon Hjortron Hallon Tranbärs Mjölnar Garvar
        Timmer Kol Kalk Kopparslagar Gjutar Snickar Murar Målar Bagar Slaktar Krögar Kapten Styrman Lots
        Fyr Båtsmans Hamnmästar Tegel Glas Bryggar Humle Råg Vete Havre Korn Linodlar Vävar Spinnar Hem
        Lill Ny Gammel Öster Väster Norr Söder Mellan Över Neder Kvarnbäcks Lönnbergs Solbacke Ekbacke
        """

    /// Street suffixes with their weight; `gatan` and `vägen` dominate, as in real registers.
    static let streetSuffixes = """
        gatan 34
        vägen 38
        stigen 8
        backen 5
        gränd 4
        allén 3
        torget 2
        liden 2
        platsen 2
        slingan 2
        """

    /// Whole, well-known street names used as they are (weight relative to one stem+suffix street).
    static let namedStreets = """
        Sveavägen
        Birger Jarlsgatan
        Götgatan
        Hornsgatan
        Sankt Eriksgatan
        Valhallavägen
        Karlavägen
        Odengatan
        Fleminggatan
        Kungsportsavenyn
        Linnégatan
        Andra Långgatan
        Södra Förstadsgatan
        Regementsgatan
        Östra Storgatan
        Västra Kyrkogatan
        Drottninggatan
        Kungsgatan
        Storgatan
        Järnvägsgatan
        """

    /// E-mail providers in the shape of a Swedish consumer register: large webmail, ISPs, a tail.
    static let emailProviders = """
        gmail.com 34
        hotmail.com 18
        outlook.com 7
        live.se 6
        hotmail.se 5
        telia.com 8
        icloud.com 6
        yahoo.se 3
        yahoo.com 2
        bredband.net 2
        comhem.se 3
        spray.se 1
        tele2.se 1
        bahnhof.se 1
        passagen.se 1
        me.com 1
        msn.com 1
        """
}
