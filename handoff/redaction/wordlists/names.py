"""Word lists about names and passwords: first names, surnames, words that are no name or no password.

Plain data; matched case-insensitively unless a recognizer says otherwise.
"""
from __future__ import annotations

# --- first names -------------------------------------------------------------------------------
# Common given names in Germany, Austria, Switzerland, the UK and the US (and frequent names of
# people who came to Germany). Used only after a weak cue ("I'm", "ich bin", "hier ist"), where a
# capitalised word alone is too often a noun ("ich bin Kunde") or an adjective ("I'm Sorry").
# Names that are also everyday English or German words (Will, May, Hope, Grace, Frank, Mark,
# Art, Bill, Rose, Ernst, Sunny) are left out on purpose.
FIRST_NAMES = frozenset(
    """
    aaron adam adrian agnes ahmed ahmet aisha alan albert alex alexander alexandra alexandra ali alice
    alina amelia amelie amir amy ana andrea andreas andrew angela angelika anja anke ann anna anne annette
    anton antonia arne arthur ayse barbara beate ben benjamin bernd bernhard bettina birgit björn brian
    carina carla carlos carmen carol caroline carsten catherine charlie charlotte chloe chris christa
    christian christina christine christoph christopher claudia clara daniel daniela david deborah
    denise dennis diana dieter dirk dominik doris dorothea edith elena eleanor elias elif elisabeth
    elizabeth ella ellen elke emil emily emilia emma emre eric erik erika eva fabian fatima felix finn
    florian franz franziska frederik friedrich gabriele george georg gerd gerhard gisela greta gudrun
    günter günther hannah hannes hans harald harry heike heinz helena helene helga helmut henrik henry
    herbert hildegard holger ida ines ingrid irina isabel isabella jack jacob jakob james jan jana jane
    janina jannik jason jennifer jens jessica joachim johanna johannes john jonas jonathan jörg josef
    joseph joshua julia julian juliane julius jürgen justin jutta karin karl karla katharina kathrin
    katja katrin kai kerstin kevin kim klaus konstantin kristina lara laura lea lena leon leonie lina
    linda lisa lotta louis louise luca lucas lucy luis luisa lukas luise lutz maik maja malte manfred
    manuel manuela marc marcel marco maria marie marina mario marion marius markus marlene martha martin
    martina mary mathias matthew matthias max maximilian mehmet melanie mia michael michaela michelle
    mike milan mohammed mohamed monika moritz nadine natalie nathalie nicole niklas nico nicolas nils
    nina noah nora norbert oliver olga olivia oskar patricia patrick paul paula peter petra philipp
    pia rainer ralf ralph rebecca regina reinhard renate richard rita robert robin roland rolf ronja
    rosemarie ruth sabine sabrina samuel sandra sara sarah sascha sebastian selina simon simone sofia
    sophia sophie stefan stefanie steffen stephan stephanie susanne sven svenja tanja thomas thorsten
    tim timo tina tobias tom torsten ulrich ulrike ursula uta ute uwe valentina vanessa vera veronika
    victoria viktor walter werner william wolfgang yasmin yusuf zoe olaf detlef kurt horst jochen sören
    gregor kilian vincent leonard ludwig theo theresa therese magdalena hanna marta anastasia ivan
    sergej dmitri natalia tatjana swetlana piotr katarzyna agnieszka tomasz giulia giuseppe francesca
    marco lorenzo pedro javier lucia sofía mehmet mustafa zeynep ayşe fatma hatice kemal murat hasan
    hussein omar youssef layla leila mariam noor rania karim nadia samira amina priya raj rahul
    ravi wei li ming yuki hiroshi kenji jia-li olamide chidi amara kwame abena emeka ngozi
    betty dorothy donald ronald kenneth steven edward jeffrey ryan gary timothy larry scott brandon
    gregory samantha emma olivia ava isabella mia abigail madison harper evelyn grace? ethan liam
    mason logan jackson aiden oscar alfie freddie archie jessie amber megan bethany lauren hollie
    kirsty gemma rhys owen dylan callum connor declan siobhan niamh aoife ciara sean patrick seamus
    fiona hamish iain alastair morag jennie heather shona ruairi tracy stacey wayne dean darren craig
    margaret patricia susan karen nancy lisa sandra donna carol ruth sharon michelle laura kimberly
    deborah jessica shirley cynthia angela melissa brenda anna pamela nicole emma samantha katherine
    christine debra rachel carolyn janet catherine maria heather diane julie joyce virginia victoria
    kelly lauren christina joan evelyn judith megan cheryl andrea hannah martha jacqueline gloria
    teresa ann sara madison frances kathryn janice jean abigail alice judy sophia denise marilyn
    amber danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori
    robert michael david richard joseph thomas charles christopher daniel matthew anthony donald
    steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey gary
    nicholas eric stephen jonathan larry justin scott brandon benjamin samuel gregory frank raymond
    alexander patrick jack dennis jerry tyler aaron jose henry adam douglas nathan peter zachary
    kyle walter harold jeremy ethan carl keith roger gerald christian terry sean arthur austin noah
    lawrence jesse joe bryan billy jordan albert dylan bruce willie gabriel alan juan logan wayne
    ralph roy eugene randy vincent russell louis philip bobby johnny bradley oliver harry george
    charlie jacob alfie freddie thomas leo archie joshua henry theo isaac edward james harrison
    william teddy oscar arthur max lucas jude hugo reggie rory finley ronnie tommy louie harvey
    sebastian elijah ezra olivia amelia isla ava mia ivy lily isabella rosie sophia grace poppy
    ella evie florence willow daisy sienna freya phoebe elsie ruby millie matilda harper esme
    imogen eliza maisie aurora thea penelope alba martha nancy margot
    ursel gertrud ilse erna irmgard lieselotte hannelore waltraud elfriede brigitte marianne
    inge ingeborg christel edeltraud gabi gabriela heidi karola margit marlies rita roswitha sigrid
    silke sonja susanne tanja ulla vanessa verena wiebke yvonne antje astrid bärbel claudia cornelia
    dagmar doris dörte editha erika frauke gesine gundula hedwig heidrun helma henrike hiltrud jutta
    kathrin kirsten konstanze lydia maren marita mechthild meike nadja nicola nina petra ramona
    rebekka regine rosemarie sabine sandra saskia sibylle stefanie stephanie susann sylvia theresia
    ulrike veronika waltraud wilma adelheid hilde käthe luise mathilde paula emmi frieda greta
    hanna ida johanna lotte mila nele romy smilla tilda charlotte emilia leni marlene mira carla
    annika jule josefine katja larissa lea luisa mareike melina miriam nadine nathalie neele
    pauline rieke ronja saskia sina svea tabea teresa vivien zoe
    achim alexander alfred alois andreas armin arnold axel bastian benedikt bernd berthold björn
    burkhard carsten christoph claus conrad cornelius dieter dietmar dietrich dirk eberhard eckhard
    egon elmar erich erwin ewald felix ferdinand florian frank franz friedhelm fritz gerald gerd
    gerhard gottfried götz gustav hagen hannes harald hartmut heiko heiner heinrich heinz helge
    helmut henning herbert hermann holger horst hubert ingo jens joachim jochen johann jörg josef
    jürgen karl-heinz karsten klaus knut konrad kurt lars lennart leopold lothar ludger lutz malte
    manfred marcus markus marko mathias matthias meik michael nils norbert olaf ole oskar otto
    pascal reiner reinhold rene rené richard rüdiger sascha siegfried sönke stefan steffen sven
    thilo thomas thorsten till tillmann timm torben udo ulf ulrich uwe volker waldemar walter
    wilfried wilhelm willi winfried wolf wolfram benno bruno carl claas emil erik fiete fritz
    hendrik jannes jonte kalle karlo lasse levi linus lio luca mats mattis milo mika moritz
    noel ole paul piet rafael samuel theo tjark valentin vincent
    ahmad ali amir anil arda aylin ayla baran berat burak can cem cengiz derya deniz ebru efe
    elif emine emre enes erkan esra fatih ferhat gökhan gül gülsen hakan halil hülya ibrahim ilker
    ismail kaan kadir levent melek melike merve metin mert nesrin nur orhan osman özlem recep
    selin serkan sevgi sibel songül tuba tülay uğur ugur volkan yasemin yavuz yusuf zehra abdul
    abdullah ahmed amira bilal fadi farah hamza hassan hussein ibrahim jamal khaled khalid layla
    mahmoud malik mariam mohammad muhammad mustafa nabil nour omar rami rasha salma sami samir
    tarek walid yasmin youssef zainab anastasia alexej andrej boris dmitrij elena galina igor
    irina jelena jewgeni katharina ludmila maxim michail natalja nikolai oksana olga pavel pawel
    sergei sergej svetlana tatiana vladimir wladimir juri yuri agata aleksandra anna barbara beata
    dorota ewa grzegorz jakub jan joanna kamil karolina krzysztof lukasz łukasz magdalena malgorzata
    marek mariusz marta michal michał monika pawel paweł piotr rafal tomasz wojciech zofia
    alessandro alessia andrea angelo antonio chiara davide elisa emanuele federico francesco
    gabriele giorgio giovanni giulia laura leonardo lorenzo luca luigi marco matteo paolo riccardo
    roberto salvatore simone stefano valentina alejandro ana antonio carlos carmen diego elena
    fernando francisco isabel javier jorge josé juan laura lucía manuel marta miguel pablo raúl
    sergio álvaro alexandre amélie antoine camille chloé claire élodie émilie étienne françois
    guillaume hélène jacques jean-pierre julien léa louis lucie manon mathieu nicolas pierre
    sébastien sophie thierry yannick dimitri yiannis nikos maria-elena wei-ling
    mark will frank grace hope may rose bill art ernst sunny faith joy april june summer autumn
    aaliyah abby adele adriana aidan aileen alana albertine alejandra alessandra alfredo alicia alisha
    allison alma amanda amara anabel anders andreea angelica angelo anita annabel annabelle anneliese
    annemarie annette antonella april ariana ariane arjun arnav aron astrid aurelia axel beatrice
    beatrix belinda benita bernadette bianca birte bjarne blanca bodo bonnie brenda bridget brigitta
    britta brooke bruno caitlin calvin camila candice carina carlotta carolin cassandra cecilia
    celina celine chantal charlene cheryl christel cindy claire clarissa colin conor constanze cora
    corinna courtney cristina dalia damian dana dario darius dawn debbie delia desiree dina dora
    doreen dustin ebony edgar edwin eileen elaine eleni elias elisa elise ellie elsa emely emilie
    enrico enzo erin esther eugen evelin fabio fatma felicitas fenja fernanda filip finja flora
    frida gaby galina gavin gemma gerda gina giulio gloria greta gwen hailey hanne harriet hedda
    heidemarie helen henriette hilda holly ilona imke ina indira inka irene iris isa isabell ismael
    ivana jacqueline jaden janet janice janine jannis jaqueline jasmin jasper jeanette jenna jeremy
    jil joan jocelyn johan jolanda josephine joy judith jule julien juna justus kaja karen karim
    karoline kasper katarina kate katie kayla keira kenan kerstin kiara kira klara konrad kristin
    lana lars laurin leah leandro lenja leona leonora lia liam liane lilian liliana lilly linnea
    lisbeth liv lola lorena lorenz lotte luana lucian ludmilla luka lydia lynn madeleine madita
    magnus maik malia malin mandy mara marcella mareike margarete margot mariana marianne marisa
    marit marla marlon martha mathilda matilda maurice maya melanie melina melissa meret merle
    mette mila milena miriam mirko moana mona morgan nadine nala naomi natascha nelly nepomuk nick
    nicola nika nils noemi norman odette olivier ophelia oscar pamela paola patricia peggy penny
    philippa pierre quentin rafaela ramona raphael rebekka renata ricarda rike rita robin rocco
    rosa rosalie roxana ruben sabina salome sandro santiago sarina scarlett selma serena sheila
    sidney silas silvia simona sina sofie sonia stella susan svea sybille sylvia talia tamara tamina
    tara tatjana teresa thea thekla tiffany tilo timon tina tobi toni torben tristan ulla valerie
    vera verena veronica victor vincent viola violetta vivian walburga wanda wendy wilma xenia
    yara yvonne zara zeynep zoé
    adalbert adolf albrecht alwin ansgar anselm arnd arno baldur benedikt bernhardt berthold bodo
    bastian burghard cai christof clemens cornelius dankwart detlev diethelm dietrich dominic eckart
    edmund egbert ekkehard elmar emanuel engelbert erhard falk falko ferdinand folker frieder gebhard
    gernot gero gisbert gottlieb guido gunnar gunter hajo hanno hans-peter hansjörg heiner helmar
    hendrik henner hilmar hinrich immanuel jakob jendrik joscha jost jupp kasimir knut korbinian
    leberecht lennard lothar ludger lukas magnus marian mathis melchior merlin nikolas nikolaus
    ortwin ottmar quirin reimund reinhart robby roman rupert sigmund sigurd silvio sönke tassilo
    thaddäus theodor thies tilman tjark valentin veit vinzenz waldemar welf wendelin wigand wolfhard
    adelina agathe alexa alwine amalie anette angelina annegret annelie anni antje barbara bea
    benita berit bettina birgitta brunhilde carmen carolina christiane constanze dörte edelgard
    elfi elfriede elke elvira emely emmy erna eva-maria franka frauke friederike gabriela gerlinde
    gertraud gesa gitta grete gudrun gunda hannelore hedi heike helena helene henny hermine hertha
    hildegard ilka ilse inga ingeborg irmgard isolde jana janna jette johanne josefa juliane jutta
    karla katharina katrin kerstin klara kornelia kunigunde larissa lena leonie lieselotte lilo
    lisa-marie lore lotti luzia magda maike marei margret maria-theresa marie-luise marieke marita
    marleen marlies martina mechthild meta minna mirjam nanette nele ottilie paulina petronella
    reinhild renate resi rosa rosemarie roswitha ruth sabina senta sieglinde sigrun swantje
    theresa trude ulla ursula vroni waltraud wiebke wilhelmine
    aaron abdul adnan ahmet alper aras asli aynur baris bülent cansu cemal damla dilara ece eda
    elif emel engin esra eylem fadime filiz gizem gökay hatice hilal irem kerem koray mehmet meltem
    murat nazli nihat oguz ömer özge pinar rabia ramazan selim serdar sinan suat tarkan tuncay umut
    yasin yunus zafer zuhal aylin berkay burcu dilek ebru emine
    """.replace("?", "").split()
)
# Given names that are also everyday words ("I'm frank", "Mark the date", "may I ask"): names after
# a cue when capitalised, never on their own.
AMBIGUOUS_FIRST_NAMES = frozenset(
    "mark will frank grace hope may rose bill art ernst sunny faith joy april june summer autumn "
    "jan max kai li kim ida mia uta ute tim can deniz nur gül ali".split()
)

# Frequent surnames (Germany, UK, US): a capitalised word before one of them is taken for a first name.
SURNAMES = frozenset(
    """
    müller schmidt schneider fischer weber meyer meier wagner becker schulz schulze hoffmann schäfer koch
    bauer richter klein wolf schröder neumann schwarz zimmermann braun krüger hofmann hartmann lange
    schmitt werner schmitz krause meier lehmann schmid schulte köhler herrmann könig walter mayer huber
    kaiser fuchs peters lang scholz möller weiß jung hahn schubert vogel friedrich keller günther frank
    berger winkler roth beck lorenz baumann franke albrecht schuster simon ludwig böhm winter kraus
    martin schumacher krämer vogt stein jäger otto sommer groß seidel heinrich brandt haas schreiber
    graf schulte dietrich ziegler kuhn kühn pohl engel horn busch bergmann thomas voigt sauer arnold
    wolff pfeiffer yilmaz kaya demir şahin sahin çelik celik yıldız yildiz öztürk ozturk aydın aydin
    özdemir arslan doğan dogan kılıç kilic kowalski nowak wiśniewski wisniewski wójcik kowalczyk
    kamiński kaminski lewandowski zieliński ivanov petrov smirnov popov
    smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
    wilson anderson taylor moore jackson lee perez thompson white harris sanchez clark ramirez lewis
    robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker
    hall rivera campbell mitchell carter roberts evans turner parker collins edwards stewart morris
    murphy cook rogers morgan peterson cooper reed bailey bell gomez kelly howard ward cox diaz
    richardson wood watson brooks bennett gray james reyes cruz hughes price myers long foster sanders
    ross morales powell sullivan russell ortiz jenkins gutierrez perry butler barnes fisher henderson
    coleman simmons patterson jordan reynolds hamilton graham kim gonzales alexander ramos wallace
    griffin west cole hayes chavez gibson bryant ellis stevens murray ford marshall owens mcdonald
    harrison ruiz kennedy wells alvarez woods mendoza castillo olson webb washington tucker freeman
    burns henry vasquez snyder simpson crawford jimenez porter mason shaw gordon wagner hunter romero
    hicks dixon hunt palmer robertson black holmes stone meyer boyd mills warren fox rose rice moreno
    schmidt patel singh shah khan ali hussain ahmed begum chowdhury okafor okonkwo adeyemi mensah
    o'brien o'connor o'neill o'sullivan mcarthur macdonald fraser thomson wright davies hughes
    mustermann musterfrau doe roe
    """.split()
)

# --- words that end a name -----------------------------------------------------------------------
# Capitalised words that follow a cue or a greeting but are no names: pronouns (German "Sie"),
# greetings, frequent nouns after "ich bin" / "I'm", and the closing words themselves.
NOT_NAME_WORDS = frozenset(
    """
    i ich sie ihnen ihr ihre ihrer ihres ihrem ihren du dir dich dein deine euch euer eure wir uns
    you your yours we us they them he she it all everyone everybody team support service kundenservice
    kundendienst hallo hello hi hey dear liebe lieber sehr geehrte geehrter thanks thank danke vielen
    regards grüße gruß gruss mfg lg vg cheers best kind sincerely again so much very sorry happy
    glad worried concerned afraid scared angry upset confused unsure not no yes ja nein nicht kein
    keine also auch just only still already noch schon nur und and or oder but aber the der die das
    den dem des ein eine einer einen a an am im in of von zu zum zur bei mit from with for für as als
    customer kunde kundin kunden client member mitglied rentner rentnerin student studentin mutter
    vater mother father wife husband frau mann herr mr mrs ms dr prof inhaber inhaberin besitzer
    besitzerin nutzer nutzerin user betroffen betroffene betroffener affected here hier there da
    now jetzt today heute tomorrow morgen yesterday gestern please bitte ok okay im i'm i’m it's
    its this that dies diese dieser dieses was what wer who wie how warum why wo where wann when
    seit since über about über ihnen mister missus sir madam madame damen herren gmbh ag inc ltd
    bank bankkunde bankkundin neukunde neukundin stammkunde stammkundin privatkunde geschäftskunde
    new neu old alt german deutsch english englisch from aus sure sicher fine gut good well
    monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag
    freitag samstag sonntag january february march april june july august september october
    november december januar februar märz mai juni juli oktober dezember
    rechtsanwalt rechtsanwältin anwalt anwältin lawyer attorney arzt ärztin doctor
    urgent important serious terrible awful crazy insane outrageous bad wrong annoyed back done
    furious livid shocked speechless disappointed frustrated nervous anxious desperate stressed
    unhappy sad alone retired unemployed pregnant sick ill old young
    """.split()
)

# --- words that are no password ----------------------------------------------------------------
# After "my password is/was" a plain word is taken for the password unless it is one of these
# (a state, a negation, a filler) or looks like a participle or adverb (see the recognizer).
NOT_PASSWORD_WORDS = frozenset(
    """
    the a an my your our their this that same different new old not no never also too very really
    still already just only now then again probably maybe definitely certainly surely apparently
    weak strong safe unsafe secure insecure long short simple complex easy hard good bad wrong right
    correct incorrect valid invalid expired locked blocked stolen leaked hacked known unknown public
    private secret empty required necessary affected involved exposed compromised changed reset
    encrypted hashed stored saved visible readable unique reused shared identical similar fine ok
    okay gone lost forgotten missing there here in on at for to with from by of about into
    because since but and or so if when while until as like than one none nothing something
    der die das ein eine einen mein meine dein ihr unser gleich gleiche anders andere neu neues alt
    altes nicht nie kein keine auch zu sehr noch schon nur jetzt dann wieder wahrscheinlich
    vielleicht sicher unsicher schwach stark lang kurz einfach schwer gut schlecht falsch richtig
    korrekt gültig ungültig abgelaufen gesperrt gestohlen bekannt unbekannt geheim leer betroffen
    kompromittiert geändert zurückgesetzt verschlüsselt gespeichert sichtbar lesbar weg verloren
    vergessen da hier in an auf für mit von bei aus über um weil und oder aber wenn als wie
    dasselbe derselbe dieselbe identisch ähnlich überall everywhere nichts etwas irgendwas
    is was ist war lautet lautete were are sind waren be sein been gewesen
    seit bereits immer mehr viel genau wirklich zwar leider hoffentlich offenbar anscheinend
    ebenfalls gerade damals vorher nachher danach früher später bisher bislang unverändert
    unchanged mine yours his hers ours theirs meins deins seins ihres unseres please bitte weil dass
    that which what welches welcher what because though although obwohl trotzdem dafür davon
    darin dabei damit nämlich eben halt doch mal ganz total completely totally quite rather pretty
    something anything everything alles jeder jede jedes every each both beide sowieso anyway
    actually eigentlich basically simply einfach only lediglich known bekannt written notiert
    aufgeschrieben noted gespeichert saved stored somewhere irgendwo nowhere nirgends
    broken kaputt down working functional useless wrong outdated abgelaufen zu schwach too
    """.split()
)
