using Portal.Web.Data;

namespace Portal.Web.Features.DemoData;

/// <summary>
/// The reference data of the demo state: Uttar Pradesh's 18 divisions and 75 districts (from
/// domain.md), its police ranges, zones and commissionerates, departments, designations and an
/// iGOT course catalogue. Real names; the police grouping is an approximation (ranges are the
/// divisions without their commissionerate districts), except the Meerut range, which is exact.
/// </summary>
public static class DemoStateCatalog
{
    public sealed record DistrictInfo(string Name, string Hindi);
    public sealed record DivisionInfo(string Name, string Hindi, DistrictInfo[] Districts);

    public static readonly DivisionInfo[] Divisions =
    [
        new("Agra", "आगरा", [new("Agra", "आगरा"), new("Firozabad", "फिरोजाबाद"), new("Mainpuri", "मैनपुरी"), new("Mathura", "मथुरा")]),
        new("Aligarh", "अलीगढ़", [new("Aligarh", "अलीगढ़"), new("Etah", "एटा"), new("Hathras", "हाथरस"), new("Kasganj", "कासगंज")]),
        new("Ayodhya", "अयोध्या", [new("Ambedkar Nagar", "अंबेडकर नगर"), new("Amethi", "अमेठी"), new("Ayodhya", "अयोध्या"), new("Barabanki", "बाराबंकी"), new("Sultanpur", "सुल्तानपुर")]),
        new("Azamgarh", "आजमगढ़", [new("Azamgarh", "आजमगढ़"), new("Ballia", "बलिया"), new("Mau", "मऊ")]),
        new("Bareilly", "बरेली", [new("Badaun", "बदायूं"), new("Bareilly", "बरेली"), new("Pilibhit", "पीलीभीत"), new("Shahjahanpur", "शाहजहांपुर")]),
        new("Basti", "बस्ती", [new("Basti", "बस्ती"), new("Sant Kabir Nagar", "संत कबीर नगर"), new("Siddharthnagar", "सिद्धार्थनगर")]),
        new("Chitrakoot", "चित्रकूट", [new("Banda", "बांदा"), new("Chitrakoot", "चित्रकूट"), new("Hamirpur", "हमीरपुर"), new("Mahoba", "महोबा")]),
        new("Devipatan", "देवीपाटन", [new("Bahraich", "बहराइच"), new("Balrampur", "बलरामपुर"), new("Gonda", "गोंडा"), new("Shravasti", "श्रावस्ती")]),
        new("Gorakhpur", "गोरखपुर", [new("Deoria", "देवरिया"), new("Gorakhpur", "गोरखपुर"), new("Kushinagar", "कुशीनगर"), new("Maharajganj", "महराजगंज")]),
        new("Jhansi", "झांसी", [new("Jalaun", "जालौन"), new("Jhansi", "झांसी"), new("Lalitpur", "ललितपुर")]),
        new("Kanpur", "कानपुर", [new("Auraiya", "औरैया"), new("Etawah", "इटावा"), new("Farrukhabad", "फर्रुखाबाद"), new("Kannauj", "कन्नौज"), new("Kanpur Dehat", "कानपुर देहात"), new("Kanpur Nagar", "कानपुर नगर")]),
        new("Lucknow", "लखनऊ", [new("Hardoi", "हरदोई"), new("Lakhimpur Kheri", "लखीमपुर खीरी"), new("Lucknow", "लखनऊ"), new("Raebareli", "रायबरेली"), new("Sitapur", "सीतापुर"), new("Unnao", "उन्नाव")]),
        new("Meerut", "मेरठ", [new("Baghpat", "बागपत"), new("Bulandshahr", "बुलंदशहर"), new("Gautam Buddh Nagar", "गौतम बुद्ध नगर"), new("Ghaziabad", "गाजियाबाद"), new("Hapur", "हापुड़"), new("Meerut", "मेरठ")]),
        new("Mirzapur", "मिर्जापुर", [new("Bhadohi", "भदोही"), new("Mirzapur", "मिर्जापुर"), new("Sonbhadra", "सोनभद्र")]),
        new("Moradabad", "मुरादाबाद", [new("Amroha", "अमरोहा"), new("Bijnor", "बिजनौर"), new("Moradabad", "मुरादाबाद"), new("Rampur", "रामपुर"), new("Sambhal", "संभल")]),
        new("Prayagraj", "प्रयागराज", [new("Fatehpur", "फतेहपुर"), new("Kaushambi", "कौशाम्बी"), new("Pratapgarh", "प्रतापगढ़"), new("Prayagraj", "प्रयागराज")]),
        new("Saharanpur", "सहारनपुर", [new("Muzaffarnagar", "मुजफ्फरनगर"), new("Saharanpur", "सहारनपुर"), new("Shamli", "शामली")]),
        new("Varanasi", "वाराणसी", [new("Chandauli", "चंदौली"), new("Ghazipur", "गाजीपुर"), new("Jaunpur", "जौनपुर"), new("Varanasi", "वाराणसी")]),
    ];

    /// <summary>Big cities policed by a commissionerate, outside any police range.</summary>
    public static readonly string[] CommissionerateDistricts =
        ["Lucknow", "Kanpur Nagar", "Varanasi", "Prayagraj", "Agra", "Ghaziabad", "Gautam Buddh Nagar"];

    /// <summary>Police zones and the ranges (named as their divisions) they hold.</summary>
    public static readonly (string Zone, string[] Ranges)[] PoliceZones =
    [
        ("Agra Zone", ["Agra", "Aligarh"]),
        ("Bareilly Zone", ["Bareilly", "Moradabad"]),
        ("Gorakhpur Zone", ["Gorakhpur", "Basti", "Devipatan"]),
        ("Kanpur Zone", ["Kanpur", "Jhansi", "Chitrakoot"]),
        ("Lucknow Zone", ["Lucknow", "Ayodhya"]),
        ("Meerut Zone", ["Meerut", "Saharanpur"]),
        ("Prayagraj Zone", ["Prayagraj", "Mirzapur"]),
        ("Varanasi Zone", ["Varanasi", "Azamgarh"]),
    ];

    /// <summary>iGOT registrations of Meerut range police as reported in the source articles.</summary>
    public static readonly (string District, int Registered)[] MeerutRangePoliceRegistered =
        [("Meerut", 4_783), ("Bulandshahr", 5_196), ("Baghpat", 1_591), ("Hapur", 2_076)];

    public const string PoliceDepartment = "Police";
    public const string MeerutRange = "Meerut";

    /// <summary>Department, Hindi name, relative size, onboarding factor, office name prefix, code prefix.</summary>
    public sealed record DepartmentInfo(string Name, string Hindi, double Weight, double OnboardingFactor, string OfficePrefix, string CodePrefix);

    public static readonly DepartmentInfo[] Departments =
    [
        new("Police", "पुलिस", 16, 1.05, "Thana", "PNO"),
        new("Basic Education", "बेसिक शिक्षा", 20, 1.02, "Block Resource Centre", "BED"),
        new("Health and Family Welfare", "चिकित्सा एवं स्वास्थ्य", 14, 1.00, "Community Health Centre", "HFW"),
        new("Revenue", "राजस्व", 6, 0.95, "Tehsil", "REV"),
        new("Panchayati Raj", "पंचायती राज", 6, 0.85, "Development Block", "PRD"),
        new("Urban Development", "नगर विकास", 4, 0.80, "Nagar Palika", "UDD"),
        new("Rural Development", "ग्राम्य विकास", 4, 0.85, "Development Block", "RDD"),
        new("Secondary Education", "माध्यमिक शिक्षा", 4, 0.95, "Government Inter College", "SED"),
        new("Women and Child Development", "महिला एवं बाल विकास", 3, 0.90, "ICDS Project", "WCD"),
        new("Agriculture", "कृषि", 2, 0.85, "Krishi Bhawan", "AGR"),
        new("Animal Husbandry", "पशुपालन", 1.5, 0.80, "Veterinary Hospital", "AHD"),
        new("Medical Education", "चिकित्सा शिक्षा", 1.5, 0.90, "Medical College", "MED"),
        new("Higher Education", "उच्च शिक्षा", 1, 0.90, "Government Degree College", "HED"),
        new("Technical Education", "प्राविधिक शिक्षा", 0.6, 0.90, "Polytechnic", "TED"),
        new("Vocational Education and Skill Development", "व्यावसायिक शिक्षा एवं कौशल विकास", 0.6, 0.85, "ITI", "VOC"),
        new("Public Works", "लोक निर्माण", 1.5, 0.75, "Division Office", "PWD"),
        new("Irrigation and Water Resources", "सिंचाई एवं जल संसाधन", 1.5, 0.75, "Division Office", "IRR"),
        new("Namami Gange and Rural Water Supply", "नमामि गंगे एवं ग्रामीण जलापूर्ति", 0.6, 0.80, "Division Office", "NGR"),
        new("Energy", "ऊर्जा", 1.2, 0.70, "Sub-Division Office", "ENR"),
        new("Forest, Environment and Climate Change", "वन, पर्यावरण एवं जलवायु परिवर्तन", 1, 0.80, "Range Office", "FOR"),
        new("Food and Civil Supplies", "खाद्य एवं रसद", 1, 0.80, "Supply Office", "FCS"),
        new("Social Welfare", "समाज कल्याण", 0.8, 0.85, "District Office", "SWD"),
        new("Backward Classes Welfare", "पिछड़ा वर्ग कल्याण", 0.4, 0.85, "District Office", "BCW"),
        new("Minority Welfare", "अल्पसंख्यक कल्याण", 0.3, 0.80, "District Office", "MIN"),
        new("Transport", "परिवहन", 0.8, 0.75, "RTO", "TRN"),
        new("Housing and Urban Planning", "आवास एवं शहरी नियोजन", 0.4, 0.75, "Development Authority", "HUP"),
        new("Labour", "श्रम", 0.4, 0.80, "Labour Office", "LAB"),
        new("Cooperative", "सहकारिता", 0.6, 0.80, "Cooperative Society Office", "COP"),
        new("Horticulture", "उद्यान", 0.4, 0.80, "District Office", "HRT"),
        new("Fisheries", "मत्स्य", 0.2, 0.80, "District Office", "FSH"),
        new("Dairy Development", "दुग्ध विकास", 0.2, 0.80, "District Office", "DRY"),
        new("Excise", "आबकारी", 0.4, 0.85, "Excise Office", "EXC"),
        new("Stamps and Registration", "स्टाम्प एवं रजिस्ट्रेशन", 0.4, 0.90, "Sub-Registrar Office", "STR"),
        new("State Tax", "राज्य कर", 0.6, 0.90, "State Tax Office", "STX"),
        new("Home", "गृह", 0.4, 0.90, "District Office", "HOM"),
        new("Finance", "वित्त", 0.5, 0.95, "Treasury", "FIN"),
        new("Information and Public Relations", "सूचना एवं जनसंपर्क", 0.2, 0.90, "Information Office", "INF"),
        new("Tourism", "पर्यटन", 0.15, 0.85, "Tourist Office", "TOU"),
        new("Sports and Youth Welfare", "खेल एवं युवा कल्याण", 0.3, 0.80, "Stadium Office", "SPY"),
        new("Planning", "नियोजन", 0.2, 0.90, "Economics and Statistics Office", "PLN"),
    ];

    public sealed record DesignationInfo(string Name, string Hindi, DesignationCategory Category, ServiceGroup Group);

    public static readonly DesignationInfo[] Designations =
    [
        new("Constable", "आरक्षी", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Head Constable", "मुख्य आरक्षी", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Sub-Inspector", "उप निरीक्षक", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Inspector", "निरीक्षक", DesignationCategory.Supervisory, ServiceGroup.B),
        new("Deputy Superintendent of Police", "पुलिस उपाधीक्षक", DesignationCategory.Officer, ServiceGroup.A),
        new("ANM", "एएनएम", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("ASHA", "आशा", DesignationCategory.FieldStaff, ServiceGroup.Contractual),
        new("Staff Nurse", "स्टाफ नर्स", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Pharmacist", "फार्मासिस्ट", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Medical Officer", "चिकित्सा अधिकारी", DesignationCategory.Officer, ServiceGroup.A),
        new("Assistant Teacher", "सहायक अध्यापक", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Head Master", "प्रधानाध्यापक", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Shiksha Mitra", "शिक्षा मित्र", DesignationCategory.FieldStaff, ServiceGroup.Contractual),
        new("Lecturer", "प्रवक्ता", DesignationCategory.Officer, ServiceGroup.B),
        new("Lekhpal", "लेखपाल", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Revenue Inspector", "राजस्व निरीक्षक", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Naib Tehsildar", "नायब तहसीलदार", DesignationCategory.Officer, ServiceGroup.B),
        new("Tehsildar", "तहसीलदार", DesignationCategory.Officer, ServiceGroup.B),
        new("Gram Panchayat Adhikari", "ग्राम पंचायत अधिकारी", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Assistant Development Officer", "सहायक विकास अधिकारी", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Gram Vikas Adhikari", "ग्राम विकास अधिकारी", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Anganwadi Supervisor", "आंगनबाड़ी सुपरवाइजर", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Safai Karmi", "सफाई कर्मी", DesignationCategory.FieldStaff, ServiceGroup.D),
        new("Junior Engineer", "अवर अभियंता", DesignationCategory.Supervisory, ServiceGroup.C),
        new("Assistant Engineer", "सहायक अभियंता", DesignationCategory.Officer, ServiceGroup.B),
        new("Technical Assistant", "प्राविधिक सहायक", DesignationCategory.FieldStaff, ServiceGroup.C),
        new("Veterinary Officer", "पशु चिकित्सा अधिकारी", DesignationCategory.Officer, ServiceGroup.A),
        new("Junior Assistant", "कनिष्ठ सहायक", DesignationCategory.Ministerial, ServiceGroup.C),
        new("Senior Assistant", "वरिष्ठ सहायक", DesignationCategory.Ministerial, ServiceGroup.C),
        new("Office Superintendent", "कार्यालय अधीक्षक", DesignationCategory.Ministerial, ServiceGroup.B),
        new("District Level Officer", "जनपद स्तरीय अधिकारी", DesignationCategory.Officer, ServiceGroup.A),
        new("Driver", "वाहन चालक", DesignationCategory.Support, ServiceGroup.C),
        new("Multi-Tasking Staff", "बहुउद्देशीय कर्मचारी", DesignationCategory.Support, ServiceGroup.D),
    ];

    /// <summary>Designations (with weights) of each department; others get the common office posts.</summary>
    public static (string Designation, double Weight)[] DesignationsOf(string department) => department switch
    {
        "Police" => [("Constable", 62), ("Head Constable", 20), ("Sub-Inspector", 12), ("Inspector", 2.5), ("Deputy Superintendent of Police", 0.5), ("Junior Assistant", 2), ("Driver", 1)],
        "Health and Family Welfare" => [("ANM", 28), ("ASHA", 40), ("Staff Nurse", 12), ("Pharmacist", 5), ("Medical Officer", 7), ("Junior Assistant", 5), ("Multi-Tasking Staff", 3)],
        "Basic Education" => [("Assistant Teacher", 70), ("Head Master", 12), ("Shiksha Mitra", 14), ("Junior Assistant", 3), ("District Level Officer", 1)],
        "Secondary Education" => [("Lecturer", 35), ("Assistant Teacher", 50), ("Junior Assistant", 10), ("Multi-Tasking Staff", 5)],
        "Revenue" => [("Lekhpal", 60), ("Revenue Inspector", 12), ("Naib Tehsildar", 5), ("Tehsildar", 3), ("Junior Assistant", 15), ("Driver", 5)],
        "Panchayati Raj" => [("Gram Panchayat Adhikari", 55), ("Assistant Development Officer", 10), ("Safai Karmi", 25), ("Junior Assistant", 10)],
        "Rural Development" => [("Gram Vikas Adhikari", 55), ("Assistant Development Officer", 20), ("Technical Assistant", 10), ("Junior Assistant", 15)],
        "Urban Development" => [("Safai Karmi", 60), ("Junior Engineer", 10), ("Junior Assistant", 20), ("Driver", 10)],
        "Women and Child Development" => [("Anganwadi Supervisor", 60), ("Junior Assistant", 30), ("District Level Officer", 10)],
        "Animal Husbandry" => [("Veterinary Officer", 35), ("Technical Assistant", 40), ("Junior Assistant", 25)],
        "Medical Education" => [("Staff Nurse", 45), ("Medical Officer", 30), ("Pharmacist", 10), ("Junior Assistant", 15)],
        "Public Works" or "Irrigation and Water Resources" or "Namami Gange and Rural Water Supply" or "Energy" =>
            [("Junior Engineer", 40), ("Assistant Engineer", 15), ("Technical Assistant", 15), ("Junior Assistant", 20), ("Driver", 10)],
        _ => [("Junior Assistant", 40), ("Senior Assistant", 25), ("Office Superintendent", 8), ("District Level Officer", 7), ("Driver", 8), ("Multi-Tasking Staff", 12)],
    };

    public sealed record CourseInfo(string IgotId, string Name, int Minutes, bool Mandatory, bool CapacityBuilding, string[] ForDesignations);

    /// <summary>Mandatory for all: POSH, AI, cyber security, welfare schemes (the states' orders name these).</summary>
    public static readonly CourseInfo[] Courses =
    [
        new("do_posh_2023", "Prevention of Sexual Harassment (POSH) at the Workplace", 120, true, false, []),
        new("do_ai_gov_2024", "Artificial Intelligence for Government Employees", 240, true, false, []),
        new("do_cyber_sec_2023", "Cyber Security Awareness", 180, true, false, []),
        new("do_welfare_up_2024", "Awareness of Welfare Schemes of Uttar Pradesh", 150, true, false, []),
        new("do_cbp_7day_2024", "7-Day Capacity Building Programme (ACR linked)", 2_520, false, true, []),
        new("do_comm_policing", "Community Policing and Citizen Interface", 180, true, false, ["Constable", "Head Constable", "Sub-Inspector", "Inspector"]),
        new("do_new_crim_laws", "New Criminal Laws: BNS, BNSS and BSA", 300, true, false, ["Constable", "Head Constable", "Sub-Inspector", "Inspector", "Deputy Superintendent of Police"]),
        new("do_mnch_care", "Maternal and Newborn Care for Frontline Workers", 240, true, false, ["ANM", "ASHA", "Staff Nurse"]),
        new("do_immunisation", "Routine Immunisation Basics", 120, false, false, ["ANM", "ASHA", "Staff Nurse", "Medical Officer"]),
        new("do_nipun_fln", "NIPUN Bharat: Foundational Literacy and Numeracy", 240, true, false, ["Assistant Teacher", "Head Master", "Shiksha Mitra"]),
        new("do_nep_2020", "National Education Policy 2020 for Teachers", 180, false, false, ["Assistant Teacher", "Head Master", "Lecturer", "Shiksha Mitra"]),
        new("do_bhulekh", "Digital Land Records (Bhulekh) and Survey", 180, true, false, ["Lekhpal", "Revenue Inspector", "Naib Tehsildar", "Tehsildar"]),
        new("do_gpdp", "Gram Panchayat Development Plan", 180, true, false, ["Gram Panchayat Adhikari", "Assistant Development Officer", "Gram Vikas Adhikari"]),
        new("do_poshan", "Poshan Abhiyan and Anganwadi Services", 150, false, false, ["Anganwadi Supervisor"]),
        new("do_karmayogi_orient", "Mission Karmayogi Orientation", 60, false, false, []),
        new("do_rti_act", "Right to Information Act, 2005", 120, false, false, []),
        new("do_noting_drafting", "Noting and Drafting", 150, false, false, []),
        new("do_eoffice", "e-Office for Government Employees", 90, false, false, []),
        new("do_gem_procure", "Public Procurement on GeM", 180, false, false, []),
        new("do_gfr_2017", "General Financial Rules", 240, false, false, []),
        new("do_ethics_gov", "Ethics and Integrity in Governance", 120, false, false, []),
        new("do_citizen_centric", "Citizen-Centric Service Delivery", 90, false, false, []),
        new("do_constitution", "Constitutional Values and Fundamental Duties", 90, false, false, []),
        new("do_dpdp_act", "Digital Personal Data Protection Act, 2023", 90, false, false, []),
        new("do_digital_pay", "Digital Payments and UPI", 60, false, false, []),
        new("do_disaster_mgmt", "Basics of Disaster Management", 120, false, false, []),
        new("do_first_aid", "First Aid and CPR", 90, false, false, []),
        new("do_gender_sens", "Gender Sensitisation", 90, false, false, []),
        new("do_mission_shakti", "Mission Shakti: Safety of Women", 90, false, false, []),
        new("do_pocso", "Child Protection and the POCSO Act", 120, false, false, []),
        new("do_stress_mgmt", "Stress Management", 60, false, false, []),
        new("do_yoga_break", "Y-Break: Yoga at the Workplace", 30, false, false, []),
        new("do_emotional_int", "Emotional Intelligence", 90, false, false, []),
        new("do_leadership", "Leadership for Civil Servants", 180, false, false, []),
        new("do_project_mgmt", "Project Management Basics", 180, false, false, []),
        new("do_comm_skills", "Effective Communication", 90, false, false, []),
        new("do_spreadsheets", "Working with Spreadsheets", 120, false, false, []),
        new("do_mission_life", "Mission LiFE: Lifestyle for Environment", 60, false, false, []),
        new("do_swachh_bharat", "Swachh Bharat Mission", 60, false, false, []),
        new("do_road_safety", "Road Safety", 60, false, false, []),
        new("do_drug_abuse", "Prevention of Drug Abuse", 60, false, false, []),
        new("do_hindi_rajbhasha", "Rajbhasha Hindi in Official Work", 90, false, false, []),
        new("do_ayushman", "Ayushman Bharat and Health Schemes", 90, false, false, []),
        new("do_jal_jeevan", "Jal Jeevan Mission", 60, false, false, []),
        new("do_fit_india", "Fit India", 30, false, false, []),
    ];

    /// <summary>Who publishes a demo course on iGOT: most are iGOT's own, a few come from academies and ministries.</summary>
    public static string ProviderOf(CourseInfo course) => course.IgotId switch
    {
        "do_leadership" or "do_ethics_gov" or "do_project_mgmt" or "do_constitution" => "Lal Bahadur Shastri National Academy of Administration",
        "do_cbp_7day_2024" or "do_welfare_up_2024" or "do_noting_drafting" or "do_hindi_rajbhasha" => "Uttar Pradesh Academy of Administration and Management",
        "do_comm_policing" or "do_new_crim_laws" => "Bureau of Police Research and Development",
        "do_mnch_care" or "do_immunisation" or "do_ayushman" => "Ministry of Health and Family Welfare",
        "do_nipun_fln" or "do_nep_2020" => "Ministry of Education",
        "do_gpdp" => "National Institute of Rural Development and Panchayati Raj",
        _ => "iGOT Karmayogi",
    };

    /// <summary>iGOT's content type of a demo course: the 7-day programme is a program of several courses.</summary>
    public static string ContentTypeOf(CourseInfo course) => course.CapacityBuilding ? "Program" : "Course";

    /// <summary>Other names rosters use (old names, Hindi and colloquial post names, short department names).</summary>
    public static readonly (AliasKind Kind, string Alias, string Target)[] Aliases =
    [
        (AliasKind.District, "Allahabad", "Prayagraj"),
        (AliasKind.District, "इलाहाबाद", "Prayagraj"),
        (AliasKind.District, "Faizabad", "Ayodhya"),
        (AliasKind.District, "फैजाबाद", "Ayodhya"),
        (AliasKind.District, "Sant Ravidas Nagar", "Bhadohi"),
        (AliasKind.District, "Sant Ravidas Nagar Bhadohi", "Bhadohi"),
        (AliasKind.District, "Noida", "Gautam Buddh Nagar"),
        (AliasKind.District, "G.B. Nagar", "Gautam Buddh Nagar"),
        (AliasKind.District, "Jyotiba Phule Nagar", "Amroha"),
        (AliasKind.District, "Kanshiram Nagar", "Kasganj"),
        (AliasKind.District, "Mahamaya Nagar", "Hathras"),
        (AliasKind.District, "Bhim Nagar", "Sambhal"),
        (AliasKind.District, "Prabuddh Nagar", "Shamli"),
        (AliasKind.District, "Panchsheel Nagar", "Hapur"),
        (AliasKind.District, "Chhatrapati Shahuji Maharaj Nagar", "Amethi"),
        (AliasKind.District, "Kheri", "Lakhimpur Kheri"),
        (AliasKind.District, "Rae Bareli", "Raebareli"),
        (AliasKind.District, "Siddharth Nagar", "Siddharthnagar"),
        (AliasKind.District, "Mahrajganj", "Maharajganj"),
        (AliasKind.District, "Kanpur", "Kanpur Nagar"),
        (AliasKind.Department, "Health", "Health and Family Welfare"),
        (AliasKind.Department, "Medical Health", "Health and Family Welfare"),
        (AliasKind.Department, "Medical and Health", "Health and Family Welfare"),
        (AliasKind.Department, "UP Police", "Police"),
        (AliasKind.Department, "Home (Police)", "Police"),
        (AliasKind.Department, "Basic Shiksha", "Basic Education"),
        (AliasKind.Department, "बेसिक शिक्षा विभाग", "Basic Education"),
        (AliasKind.Department, "पुलिस विभाग", "Police"),
        (AliasKind.Designation, "Sipahi", "Constable"),
        (AliasKind.Designation, "सिपाही", "Constable"),
        (AliasKind.Designation, "Police Constable", "Constable"),
        (AliasKind.Designation, "HC", "Head Constable"),
        (AliasKind.Designation, "SI", "Sub-Inspector"),
        (AliasKind.Designation, "Daroga", "Sub-Inspector"),
        (AliasKind.Designation, "दरोगा", "Sub-Inspector"),
        (AliasKind.Designation, "Auxiliary Nurse Midwife", "ANM"),
        (AliasKind.Designation, "Accredited Social Health Activist", "ASHA"),
        (AliasKind.Designation, "ASHA Worker", "ASHA"),
        (AliasKind.Designation, "Sahayak Adhyapak", "Assistant Teacher"),
        (AliasKind.Designation, "Patwari", "Lekhpal"),
        (AliasKind.Designation, "Panchayat Secretary", "Gram Panchayat Adhikari"),
        (AliasKind.Designation, "Gram Sachiv", "Gram Panchayat Adhikari"),
        (AliasKind.Designation, "VDO", "Gram Vikas Adhikari"),
        (AliasKind.Designation, "Clerk", "Junior Assistant"),
        (AliasKind.Designation, "MTS", "Multi-Tasking Staff"),
        (AliasKind.Designation, "Peon", "Multi-Tasking Staff"),
        (AliasKind.Designation, "Chaprasi", "Multi-Tasking Staff"),
    ];

    public static readonly string[] FirstNamesEnglish =
    [
        "Amit", "Anil", "Ankit", "Arun", "Ashok", "Deepak", "Dinesh", "Gaurav", "Manoj", "Mukesh", "Neeraj", "Pankaj",
        "Pradeep", "Rahul", "Rajesh", "Rakesh", "Ramesh", "Sandeep", "Sanjay", "Santosh", "Sunil", "Suresh", "Vikas", "Vinod",
        "Abdul", "Imran", "Mohd", "Salman", "Anita", "Archana", "Geeta", "Kavita", "Kiran", "Manju", "Meena", "Neha", "Pooja",
        "Priya", "Rekha", "Renu", "Seema", "Shalini", "Sunita", "Usha", "Vandana", "Nazia", "Rubina", "Farhana",
    ];

    public static readonly string[] LastNamesEnglish =
    [
        "Kumar", "Singh", "Yadav", "Sharma", "Verma", "Gupta", "Mishra", "Tiwari", "Pandey", "Srivastava", "Shukla", "Chauhan",
        "Maurya", "Rajput", "Tyagi", "Jatav", "Saini", "Prajapati", "Khan", "Ansari", "Qureshi", "Dubey", "Tripathi", "Awasthi",
        "Agarwal", "Pal", "Kushwaha", "Nishad", "Patel", "Rawat",
    ];

    public static readonly string[] FirstNamesHindi =
    [
        "अमित", "अनिल", "अशोक", "दीपक", "मनोज", "मुकेश", "प्रदीप", "राहुल", "राजेश", "रमेश", "संजय", "सुनील", "सुरेश", "विनोद",
        "अनीता", "गीता", "कविता", "किरन", "मीना", "पूजा", "रेखा", "सीमा", "सुनीता", "उषा",
    ];

    public static readonly string[] LastNamesHindi =
    [
        "कुमार", "सिंह", "यादव", "शर्मा", "वर्मा", "गुप्ता", "मिश्रा", "तिवारी", "पाण्डेय", "श्रीवास्तव", "शुक्ला", "चौहान", "मौर्य", "त्यागी",
    ];
}
