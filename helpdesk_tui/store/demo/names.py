"""Word lists for demo data: names from several locales, with their accents and scripts.

Non-Latin names carry a Latin spelling (``native|latin``) for the email addresses people in those
locales really use. The lists are ours, written for the demo; they are not a sample of anyone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    """Names, phone region and mail domains of one locale."""

    code: str
    region: str
    weight: int
    first: tuple[str, ...]
    last: tuple[str, ...]
    mail: tuple[str, ...]
    tld: str


def split_words(text: str) -> tuple[str, ...]:
    """Words of a list; ``_`` joins a name of several words (``Ó_Briain``)."""
    return tuple(word.replace("_", " ") for word in text.split())


LOCALES: tuple[Locale, ...] = (
    Locale(
        "en_GB",
        "GB",
        14,
        split_words(
            "Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Henry Leo "
            "Alfie Joshua Freddie Archie Arthur Logan Alexander Olivia Amelia Isla Ava Emily "
            "Sophia Grace Mia Poppy Ella Lily Evie Isabella Sophie Ivy Freya Harper Willow "
            "Charlotte Jessica Zoë Chloë Rhys Owain Gareth Niamh Eilidh Callum Fiona Hamish "
            "Mairi Ewan Morag Siân Dafydd Gwen Rhiannon Bethan Iain Kirsty Lachlan Rory"
        ),
        split_words(
            "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
            "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris "
            "Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee "
            "King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price "
            "Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell "
            "Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh "
            "Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain "
            "Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell "
            "Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher "
            "Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford "
            "Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball "
            "Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees"
        ),
        ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk", "hotmail.co.uk"),
        "co.uk",
    ),
    Locale(
        "en_US",
        "US",
        16,
        split_words(
            "Liam Noah Elijah James Benjamin Lucas Mason Ethan Daniel Michael Logan Jackson "
            "Sebastian Jack Aiden Owen Samuel Matthew Joseph Levi Mateo David John Wyatt "
            "Carter Julian Luke Grayson Isaac Jayden Emma Ava Sophia Isabella Mia Evelyn "
            "Harper Camila Gianna Abigail Luna Ella Elizabeth Sofia Emily Avery Mila Scarlett "
            "Eleanor Madison Layla Penelope Aria Chloe Grace Ellie Nora Hazel Zoey Riley "
            "Victoria Jon Jonathan Jhonny Kevin Brian Jennifer Ashley Tiffany Brittany DeShawn "
            "Tyrone Jamal Keisha Latoya Chen Priya Raj Mohammed Fatima Juan Maria"
        ),
        split_words(
            "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
            "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee "
            "Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young "
            "Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
            "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker "
            "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez "
            "Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward "
            "Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
            "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell "
            "Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales "
            "Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
            "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina "
            "Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald "
            "Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman "
            "Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason "
            "Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone "
            "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols "
            "Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold "
            "Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham "
            "Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry"
        ),
        ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net"),
        "com",
    ),
    Locale(
        "de_DE",
        "DE",
        9,
        split_words(
            "Lukas Leon Finn Jonas Paul Elias Felix Maximilian Ben Noah Luis Henry Emil "
            "Jürgen Günter Jörg Uwe Matthias Stefan Andreas Michael Thomas Sören Björn Mia "
            "Emma Hannah Sophia Emilia Lina Marie Lea Anna Mila Lena Clara Käthe Jördis "
            "Ursula Sabine Petra Brigitte Renate Monika Gisela Annelie Frauke Heike Anke"
        ),
        split_words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
            "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann "
            "Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann "
            "Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs "
            "Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller "
            "Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster "
            "Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto "
            "Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler "
            "Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer"
        ),
        ("web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de"),
        "de",
    ),
    Locale(
        "fr_FR",
        "FR",
        8,
        split_words(
            "Gabriel Léo Raphaël Arthur Louis Lucas Adam Jules Hugo Maël Noé Théo Timothée "
            "Aurélien Jérôme Frédéric Stéphane Benoît François Hélène Jade Louise Emma Alice "
            "Ambre Lina Rose Chloé Léa Anna Mila Inès Zoé Éloïse Léonie Anaïs Maëlle "
            "Cécile Noémie Agnès Françoise Béatrice Geneviève Mélanie Célia Océane Gaëlle"
        ),
        split_words(
            "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon "
            "Michel Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont "
            "Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc "
            "Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin "
            "Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis "
            "Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly "
            "Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard "
            "Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
            "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland "
            "Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier "
            "Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer "
            "Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault "
            "Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez"
        ),
        ("orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "wanadoo.fr"),
        "fr",
    ),
    Locale(
        "es_ES",
        "ES",
        7,
        split_words(
            "Hugo Martín Lucas Mateo Leo Daniel Alejandro Pablo Manuel Álvaro Adrián David "
            "Mario Enzo Diego Marcos Izan Javier Marco Álex Lucía Sofía Martina María Julia "
            "Paula Valeria Emma Daniela Carla Alba Noa Alma Sara Carmen Vega Lara Mía Valentina "
            "Olivia Inés Begoña Nuria Montserrat Rocío Concepción Ángeles Íñigo Jesús Andrés"
        ),
        split_words(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro "
            "Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez "
            "Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés "
            "Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León "
            "Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Diez Caballero "
            "Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Montero Hidalgo Giménez "
            "Ibáñez Ferrer Durán Santiago Benítez Mora Vicente Vargas Arias Carmona Crespo "
            "Román Pastor Soto Sáez Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas"
        ),
        ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"),
        "es",
    ),
    Locale(
        "pt_BR",
        "BR",
        6,
        split_words(
            "Miguel Arthur Gael Théo Heitor Ravi Davi Bernardo Noah Gabriel Samuel Pedro "
            "Antônio João Joaquim Lorenzo Benício Matheus Lucas Conceição Helena Alice Laura "
            "Maria Valentina Heloísa Luísa Lívia Cecília Manuela Lorena Júlia Giovanna "
            "Sofia Beatriz Letícia Débora Mônica Cláudia Vitória Lúcia Gonçalo Sebastião"
        ),
        split_words(
            "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa "
            "Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias "
            "Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos "
            "Gonçalves Santana Teixeira Araújo Pinto Correia Cavalcanti Magalhães Brandão "
            "Falcão Simões Assunção Conceição Guimarães Peçanha Azevedo Monteiro Campos"
        ),
        ("gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "terra.com.br"),
        "com.br",
    ),
    Locale(
        "pl_PL",
        "PL",
        4,
        split_words(
            "Antoni Jan Jakub Aleksander Franciszek Szymon Filip Mikołaj Wojciech Łukasz "
            "Paweł Michał Krzysztof Grzegorz Bartłomiej Zofia Zuzanna Hanna Julia Maja Laura "
            "Oliwia Alicja Małgorzata Agnieszka Katarzyna Magdalena Joanna Elżbieta Jadwiga"
        ),
        split_words(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
            "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk "
            "Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek "
            "Zając Wieczorek Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski "
            "Pawlak Witkowski Walczak Stępień Górski Rutkowski Michalak Sikora Ostrowski"
        ),
        ("wp.pl", "onet.pl", "interia.pl", "gmail.com", "o2.pl"),
        "pl",
    ),
    Locale(
        "vi_VN",
        "VN",
        4,
        split_words(
            "Minh Anh Huy Khang Bảo Phúc Nam Quân Đức Hùng Dũng Tuấn Thắng Long Trung Linh "
            "Ngọc Hương Thảo Trang Hà Mai Lan Phương Thủy Hạnh Yến Nhung Hằng Quỳnh"
        ),
        split_words(
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh "
            "Đào Cao Lương Trịnh Mai Tạ Châu Tôn Thái Lâm Hà Trương Quách"
        ),
        ("gmail.com", "yahoo.com.vn", "vnn.vn", "fpt.vn"),
        "vn",
    ),
    Locale(
        "ga_IE",
        "IE",
        3,
        split_words(
            "Siobhán Aoife Saoirse Niamh Caoimhe Róisín Sinéad Aisling Gráinne Méabh Clodagh "
            "Orla Eimear Ciara Bríd Seán Pádraig Ciarán Oisín Cillian Tadhg Darragh Eoin "
            "Colm Dónal Ruairí Fionn Cathal Diarmuid Lorcan Éamon Séamus Máire Nuala Áine"
        ),
        split_words(
            "Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan O'Connor O'Neill "
            "O'Reilly Doyle McCarthy Gallagher O'Doherty Kennedy Lynch Murray Quinn Moore "
            "McLoughlin O'Carroll Connolly Daly O'Connell Wilson Dunne Brennan Burke Collins "
            "Campbell Clarke Johnston Hughes Ó_Briain Mac_Cárthaigh Ní_Bhriain Nic_Dhonncha "
            "Ó_Súilleabháin Ó_Néill Ó_Raghallaigh Ó_Dónaill Mac_Giolla_Phádraig Ó_Ceallaigh"
        ),
        ("eircom.net", "gmail.com", "hotmail.com", "iol.ie"),
        "ie",
    ),
    Locale(
        "nordic",
        "SE",
        4,
        split_words(
            "Søren Åsa Øystein Ingrid Björn Sigrún Þór Ólafur Guðrún Kári Ásta Halldóra Jón "
            "Sigurður Lars Magnus Mikael Anders Johan Erik Astrid Freja Maja Linnéa Ebba "
            "Saga Elsa Agnes Signe Märta Göran Åke Jörgen Kjell Mette Bodil Pernille Kirsten"
        ),
        split_words(
            "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
            "Gustafsson Pettersson Jönsson Jansson Hansson Bengtsson Lindström Lindqvist "
            "Bergström Sjöberg Åberg Öberg Ström Söderberg Nyström Lundqvist Ekström Hägglund "
            "Jensen Nielsen Hansen Pedersen Sørensen Rasmussen Jørgensen Kristiansen Møller "
            "Thorsen Haugen Bakken Løvås Sæther Jónsdóttir Sigurðsson Guðmundsdóttir Þórsson"
        ),
        ("telia.com", "gmail.com", "hotmail.se", "live.se", "bredband.net"),
        "se",
    ),
    Locale(
        "tr_TR",
        "TR",
        3,
        split_words(
            "Yusuf Eymen Ömer Mustafa Ahmet Mehmet Çağan Doğan Emre Burak Murat Kemal Şükrü "
            "Zeynep Elif Defne Ecrin Azra Nehir Esra Gülşen Şebnem Özlem Çiğdem Ayşe Fatma "
            "Hülya Sevgi İpek Ilgın"
        ),
        split_words(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan "
            "Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Özgür Güneş Erdoğan"
        ),
        ("gmail.com", "hotmail.com", "yandex.com.tr", "mynet.com"),
        "com.tr",
    ),
    Locale(
        "ja_JP",
        "JP",
        3,
        split_words(
            "翔太|Shota 大輝|Daiki 拓海|Takumi 陽翔|Haruto 蓮|Ren 悠真|Yuma 健太|Kenta 直樹|Naoki "
            "結衣|Yui 陽菜|Hina 美咲|Misaki 葵|Aoi さくら|Sakura 愛子|Aiko 由美|Yumi 恵子|Keiko"
        ),
        split_words(
            "佐藤|Sato 鈴木|Suzuki 高橋|Takahashi 田中|Tanaka 伊藤|Ito 渡辺|Watanabe 山本|Yamamoto "
            "中村|Nakamura 小林|Kobayashi 加藤|Kato 吉田|Yoshida 山田|Yamada 佐々木|Sasaki "
            "山口|Yamaguchi 松本|Matsumoto 井上|Inoue 木村|Kimura 林|Hayashi 清水|Shimizu"
        ),
        ("docomo.ne.jp", "gmail.com", "yahoo.co.jp", "nifty.com"),
        "co.jp",
    ),
    Locale(
        "ru_RU",
        "RU",
        3,
        split_words(
            "Александр|Aleksandr Дмитрий|Dmitry Максим|Maksim Сергей|Sergey Андрей|Andrey "
            "Алексей|Alexey Иван|Ivan Михаил|Mikhail Анастасия|Anastasia Мария|Maria "
            "Анна|Anna Екатерина|Ekaterina Ольга|Olga Наталья|Natalya Юлия|Yulia Татьяна|Tatiana"
        ),
        split_words(
            "Иванов|Ivanov Смирнов|Smirnov Кузнецов|Kuznetsov Попов|Popov Васильев|Vasilyev "
            "Петров|Petrov Соколов|Sokolov Михайлов|Mikhailov Новиков|Novikov Фёдоров|Fedorov "
            "Морозов|Morozov Волков|Volkov Алексеев|Alekseev Лебедев|Lebedev Семёнов|Semenov"
        ),
        ("yandex.ru", "mail.ru", "gmail.com", "rambler.ru"),
        "ru",
    ),
    Locale(
        "el_GR",
        "GR",
        2,
        split_words(
            "Γιώργος|Giorgos Δημήτρης|Dimitris Νίκος|Nikos Κώστας|Kostas Γιάννης|Giannis "
            "Μαρία|Maria Ελένη|Eleni Αικατερίνη|Aikaterini Σοφία|Sofia Δέσποινα|Despoina"
        ),
        split_words(
            "Παπαδόπουλος|Papadopoulos Παπαδάκης|Papadakis Γεωργίου|Georgiou "
            "Οικονόμου|Oikonomou Νικολάου|Nikolaou Παππάς|Pappas Βασιλείου|Vasileiou "
            "Αντωνίου|Antoniou Δημητρίου|Dimitriou Ιωάννου|Ioannou"
        ),
        ("gmail.com", "otenet.gr", "yahoo.gr", "hol.gr"),
        "gr",
    ),
)
