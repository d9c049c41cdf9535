"""Skills vocabulary, synonym resolution and skill-mention extraction.

Pure Python (no Django).  The vocabulary is plain data in this module:

* ``SKILL_ALIASES``: canonical skill name -> tuple of aliases (the canonical name itself is
  always an alias too),
* ``SKILL_CATEGORIES``: canonical skill name -> category,
* ``AMBIGUOUS_ALIASES``: aliases that are also ordinary words or letters ("Go", "R", "C",
  "Excel", "Spring", "Epic" ...).  They are matched only when written with the vocabulary's
  capitalisation (or in ALL CAPS) *and* in a safe context: inside a list of other skills of a
  compatible field, after a label such as ``Languages:``/``Skills:``, or next to a cue word
  ("Go developer", "written in R").
* ``CASE_SENSITIVE_ALIASES``: aliases that only need the capitalisation check ("ML", "AI",
  "REST", "Agile", "Bootstrap" ...).

Matching works on tokens (runs of letters/digits, plus a trailing ``+``/``#`` as in C++, C#,
A+, and a leading dot as in .NET; ``&`` is read as "and").  Tokens of a multi-word alias may be
separated by spaces, one line break or one of ``- . / _``, so "Node.js", "node js" and
"Node-JS" are the same alias; aliases are looked up in a token trie that is built once at
import.  Matching is greedy, left to right, longest alias first, and mentions never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "AMBIGUOUS_ALIASES",
    "CASE_SENSITIVE_ALIASES",
    "RELATED_SKILLS",
    "SKILL_ALIASES",
    "SKILL_CATEGORIES",
    "TECH_CATEGORIES",
    "SkillMention",
    "all_skills",
    "canonical_skill",
    "extract_skill_names",
    "find_skills",
    "related_skills",
    "skill_category",
]

# ---------------------------------------------------------------------------------------------
# Vocabulary.  category -> {canonical name: [aliases]}.
# An alias prefixed with "~" is ambiguous (needs capitalisation + safe context); an alias
# prefixed with "^" is case-sensitive only.  A "~"/"^" before the *canonical name* key applies
# the flag to the canonical name itself when used as an alias.
# ---------------------------------------------------------------------------------------------
_VOCAB: dict[str, dict[str, list[str]]] = {
    "programming_language": {
        "Python": ["python3", "python 3", "python 2", "py3"],
        "Java": ["java 8", "java 11", "java 17", "core java", "java se", "j2se"],
        "JavaScript": ["js", "ecmascript", "es6", "es2015", "vanilla js", "vanilla javascript"],
        "TypeScript": [],
        "C": ["~C", "ansi c", "c language", "c programming", "c99", "c11"],
        "C++": ["cpp", "c plus plus", "cplusplus", "c++11", "c++14", "c++17", "c++20"],
        "C#": ["c sharp", "csharp", "c#.net"],
        "Go": ["~Go", "golang", "go lang", "go language", "go programming"],
        "Rust": ["~Rust", "rust lang", "rustlang"],
        "Ruby": ["~Ruby"],
        "PHP": ["php7", "php 7", "php8", "php 8"],
        "Kotlin": [],
        "Swift": ["~Swift", "swift 5", "swift programming"],
        "Objective-C": ["objective c", "objc", "obj-c"],
        "Scala": [],
        "R": ["~R", "r programming", "r language", "rstudio", "r studio"],
        "MATLAB": ["matlab", "octave"],
        "Perl": ["^Perl"],
        "Bash": [
            "^Bash",
            "bash scripting",
            "shell scripting",
            "shell scripts",
            "unix shell",
            "zsh",
            "sh scripting",
        ],
        "PowerShell": ["power shell", "powershell scripting"],
        "Haskell": [],
        "Elixir": ["^Elixir"],
        "Erlang": [],
        "Clojure": [],
        "F#": ["f sharp", "fsharp"],
        "Dart": ["~Dart"],
        "Julia": ["~Julia"],
        "Lua": [],
        "Groovy": ["~Groovy"],
        "Visual Basic": ["vb", "vb.net", "vb net", "visual basic .net", "vb6", "visual basic 6"],
        "VBA": ["excel vba", "vba macros", "visual basic for applications"],
        "COBOL": ["cobol"],
        "Fortran": [],
        "Assembly Language": ["~Assembly", "asm", "x86 assembly", "arm assembly"],
        "SQL": ["structured query language", "sql queries", "sql query"],
        "T-SQL": ["tsql", "transact-sql", "transact sql"],
        "PL/SQL": ["plsql", "pl sql"],
        "Solidity": [],
        "Pascal": ["~Pascal", "delphi", "object pascal"],
        "ABAP": ["sap abap"],
        "Apex": ["^Apex", "salesforce apex"],
        "HTML": ["html5", "html 5", "xhtml"],
        "CSS": ["css3", "css 3", "cascading style sheets"],
        "XML": ["xslt", "xpath"],
        "JSON": [],
        "YAML": ["yml"],
    },
    "frontend": {
        "React": ["^React", "react.js", "reactjs", "react js", "react hooks"],
        "Angular": ["^Angular", "angular 2+", "angular2"],
        "AngularJS": ["angular.js", "angular js", "angular 1"],
        "Vue.js": ["^Vue", "vuejs", "vue js", "vue 3"],
        "Svelte": ["sveltekit"],
        "Next.js": ["nextjs", "next js"],
        "Nuxt.js": ["nuxt", "nuxtjs"],
        "Redux": ["redux toolkit"],
        "jQuery": ["jquery"],
        "Bootstrap": ["^Bootstrap", "twitter bootstrap"],
        "Tailwind CSS": ["tailwind", "tailwindcss"],
        "Sass": ["scss", "^Sass"],
        "Webpack": [],
        "Vite": ["^Vite"],
        "Babel": ["^Babel"],
        "Ember.js": ["emberjs", "ember js"],
        "Backbone.js": ["backbonejs", "backbone js"],
        "D3.js": ["d3", "d3js"],
        "Responsive Design": ["responsive web design", "mobile-first design"],
        "Web Accessibility": ["wcag", "a11y", "accessibility standards"],
        "UI/UX Design": [
            "ui/ux",
            "ux/ui",
            "ux design",
            "ui design",
            "user experience design",
            "user interface design",
            "ux",
            "ui",
        ],
        "Front-End Development": ["front end development", "frontend development", "front-end"],
        "Material UI": ["mui", "material-ui"],
        "Storybook": [],
        "Three.js": ["threejs"],
        "WordPress": ["word press"],
        "Shopify": [],
    },
    "backend": {
        "Node.js": ["~Node", "nodejs", "node js"],
        "Express.js": ["~Express", "expressjs", "express js"],
        "NestJS": ["nest.js", "nest js"],
        "Django": [],
        "Django REST Framework": ["drf", "django rest", "django-rest-framework"],
        "Flask": ["^Flask"],
        "FastAPI": ["fast api"],
        "Ruby on Rails": ["rails", "ror", "ruby-on-rails"],
        "Spring": ["~Spring", "spring framework", "spring mvc"],
        "Spring Boot": ["springboot"],
        "Hibernate": ["^Hibernate", "jpa"],
        ".NET": [
            ".net",
            "dotnet",
            "dot net",
            ".net framework",
            ".net core",
            "net core",
            "asp.net core",
        ],
        "ASP.NET": ["asp.net mvc", "asp net", "asp"],
        "Laravel": [],
        "Symfony": [],
        "GraphQL": ["graph ql", "apollo graphql"],
        "gRPC": ["grpc"],
        "REST APIs": [
            "^REST",
            "restful",
            "restful api",
            "restful apis",
            "rest api",
            "restful services",
            "restful web services",
            "rest services",
        ],
        "SOAP": ["~SOAP", "soap web services"],
        "Microservices": ["microservice", "micro services", "microservices architecture"],
        "Celery": ["~Celery"],
        "RabbitMQ": ["rabbit mq"],
        "Apache Kafka": ["^Kafka"],
        "Nginx": ["nginx"],
        "Apache HTTP Server": ["apache httpd", "httpd", "apache web server"],
        "Tomcat": ["apache tomcat"],
        "WebSockets": ["websocket", "web sockets", "socket.io"],
        "Web Services": ["web service"],
        "API Design": ["api development", "api integration", "apis", "^API"],
        "OAuth": ["oauth2", "oauth 2.0", "openid connect", "oidc"],
        "JWT": ["json web tokens", "json web token"],
        "Back-End Development": [
            "backend development",
            "back end development",
            "server-side development",
        ],
        "Full-Stack Development": [
            "full stack",
            "full-stack",
            "fullstack",
            "full stack development",
        ],
    },
    "database": {
        "PostgreSQL": ["postgres", "postgresql", "psql", "postgre", "postgresql 14", "pgsql"],
        "MySQL": ["my sql", "mariadb"],
        "Microsoft SQL Server": ["sql server", "ms sql", "mssql", "ms sql server", "ms-sql"],
        "Oracle Database": [
            "oracle",
            "oracle db",
            "oracle 11g",
            "oracle 12c",
            "oracle database 19c",
        ],
        "SQLite": ["sqlite3"],
        "MongoDB": ["mongo", "mongo db"],
        "Redis": [],
        "Cassandra": ["~Cassandra", "apache cassandra"],
        "Elasticsearch": ["elastic search", "elk", "elk stack", "opensearch"],
        "DynamoDB": ["dynamo db", "amazon dynamodb"],
        "Neo4j": [],
        "NoSQL": ["no sql"],
        "Snowflake": ["^Snowflake"],
        "Amazon Redshift": ["redshift", "^Redshift"],
        "Google BigQuery": ["bigquery", "big query"],
        "Microsoft Access": ["ms access", "~Access"],
        "Database Design": [
            "database administration",
            "dba",
            "database management",
            "database development",
        ],
        "Firebase": [],
        "Memcached": [],
        "DB2": ["ibm db2"],
        "Teradata": [],
    },
    "cloud": {
        "AWS": ["amazon web services", "amazon aws"],
        "AWS Lambda": ["lambda functions", "~Lambda"],
        "Amazon EC2": ["ec2", "aws ec2"],
        "Amazon S3": ["s3", "aws s3"],
        "Amazon RDS": ["rds", "aws rds"],
        "Amazon ECS": ["ecs", "aws ecs", "fargate"],
        "Amazon EKS": ["eks"],
        "AWS CloudFormation": ["cloudformation", "cloud formation"],
        "Microsoft Azure": ["azure", "ms azure", "windows azure"],
        "Google Cloud": ["gcp", "google cloud platform", "google cloud services"],
        "Heroku": [],
        "DigitalOcean": ["digital ocean"],
        "Cloud Computing": ["cloud infrastructure", "cloud services", "cloud architecture"],
        "Serverless": ["serverless architecture"],
        "IBM Cloud": [],
    },
    "devops": {
        "Docker": ["docker compose", "docker-compose", "dockerfile", "containerization"],
        "Kubernetes": ["k8s", "kube", "kubectl", "openshift"],
        "Helm": ["~Helm", "helm charts"],
        "Terraform": [],
        "Ansible": [],
        "Puppet": ["~Puppet"],
        "Chef Infra": ["opscode chef", "chef infra"],
        "Jenkins": ["~Jenkins", "jenkins pipelines"],
        "CI/CD": [
            "ci cd",
            "cicd",
            "continuous integration",
            "continuous delivery",
            "continuous deployment",
            "ci/cd pipelines",
            "ci pipelines",
        ],
        "GitHub Actions": ["github workflows"],
        "GitLab CI": ["gitlab ci/cd", "gitlab-ci"],
        "CircleCI": ["circle ci"],
        "Travis CI": ["travis-ci"],
        "DevOps": ["dev ops"],
        "Linux": ["gnu/linux", "ubuntu", "debian", "centos", "red hat", "redhat", "rhel", "fedora"],
        "Unix": ["unix/linux", "solaris", "aix"],
        "Prometheus": ["^Prometheus"],
        "Grafana": [],
        "Datadog": ["data dog"],
        "Site Reliability Engineering": ["sre"],
        "Infrastructure as Code": ["iac"],
        "Vagrant": ["^Vagrant"],
        "Observability": ["system monitoring", "monitoring tools"],
    },
    "data_ml": {
        "Machine Learning": ["^ML", "machine-learning", "ml models", "ml engineering"],
        "Deep Learning": ["neural networks", "neural network"],
        "Artificial Intelligence": ["^AI", "a.i."],
        "Natural Language Processing": ["nlp", "natural language understanding"],
        "Computer Vision": ["image recognition", "image processing"],
        "Large Language Models": [
            "llm",
            "llms",
            "generative ai",
            "genai",
            "gen ai",
            "prompt engineering",
        ],
        "TensorFlow": ["tensor flow", "tf2"],
        "PyTorch": [],
        "Keras": [],
        "scikit-learn": ["sklearn", "scikit learn", "scikit"],
        "pandas": [],
        "NumPy": ["numpy"],
        "SciPy": ["scipy"],
        "Matplotlib": [],
        "Jupyter": ["jupyter notebook", "jupyter notebooks", "ipython"],
        "Apache Spark": ["~Spark", "pyspark", "spark sql"],
        "Hadoop": ["hdfs", "mapreduce", "map reduce"],
        "Apache Hive": ["~Hive", "hiveql"],
        "Apache Airflow": ["airflow"],
        "dbt": ["~dbt", "data build tool"],
        "Databricks": [],
        "ETL": [
            "elt",
            "extract transform load",
            "etl pipelines",
            "data pipelines",
            "data pipeline",
        ],
        "Data Analysis": [
            "data analytics",
            "data analyst",
            "analytics",
            "analyzing data",
            "analysing data",
            "data interpretation",
        ],
        "Data Visualization": ["data visualisation", "dashboards", "dashboard", "data viz"],
        "Data Warehousing": ["data warehouse", "data warehouses", "data lake", "dwh"],
        "Data Modeling": ["data modelling", "dimensional modeling", "star schema"],
        "Data Mining": [],
        "Data Science": ["data scientist"],
        "Big Data": [],
        "Statistics": [
            "statistical analysis",
            "statistical modeling",
            "statistical modelling",
            "biostatistics",
        ],
        "Predictive Modeling": [
            "predictive modelling",
            "predictive analytics",
            "forecasting models",
        ],
        "A/B Testing": ["ab testing", "a/b tests", "split testing", "experimentation"],
        "Tableau": [],
        "Power BI": ["powerbi", "microsoft power bi", "power-bi"],
        "Looker": ["^Looker", "looker studio", "google data studio"],
        "SAS": ["^SAS", "sas programming", "sas enterprise guide"],
        "SPSS": ["ibm spss"],
        "Stata": ["^Stata"],
        "Minitab": [],
        "Alteryx": [],
        "Informatica": [],
        "SSIS": ["sql server integration services"],
        "SSRS": ["sql server reporting services"],
        "Business Intelligence": ["^BI", "bi reporting"],
        "XGBoost": ["lightgbm", "gradient boosting"],
        "Hugging Face": ["huggingface", "transformers library"],
        "LangChain": [],
        "MLOps": ["ml ops", "mlflow", "kubeflow"],
        "OpenCV": ["open cv"],
        "CUDA": ["cuda programming", "gpu programming", "gpgpu"],
        "JAX": [],
        "ONNX": ["onnx runtime"],
        "NLTK": ["spacy"],
        "Reinforcement Learning": [],
        "Recommender Systems": ["recommendation systems", "recommendation engines"],
        "Time Series Analysis": ["time series", "time-series analysis"],
        "Regression Analysis": ["linear regression", "logistic regression"],
    },
    "testing": {
        "Unit Testing": ["unit tests", "unit test"],
        "Integration Testing": ["integration tests"],
        "Test Automation": [
            "automated testing",
            "automation testing",
            "test automation frameworks",
        ],
        "Test-Driven Development": ["tdd", "test driven development"],
        "Behavior-Driven Development": [
            "bdd",
            "behaviour driven development",
            "behavior driven development",
        ],
        "pytest": ["py.test"],
        "JUnit": ["junit"],
        "TestNG": [],
        "Selenium": ["selenium webdriver", "webdriver"],
        "Cypress": ["~Cypress"],
        "Playwright": ["^Playwright"],
        "Jest": ["^Jest"],
        "Mocha": ["~Mocha"],
        "Cucumber": ["~Cucumber", "gherkin"],
        "Postman": ["^Postman"],
        "JMeter": ["apache jmeter"],
        "LoadRunner": ["load runner"],
        "Performance Testing": ["load testing", "stress testing"],
        "Regression Testing": [],
        "Manual Testing": ["functional testing", "user acceptance testing", "uat"],
        "Quality Assurance": ["^QA", "qa testing", "software testing", "quality assurance testing"],
    },
    "mobile": {
        "Android": ["android sdk", "android development"],
        "iOS": ["ios development", "iphone development"],
        "React Native": ["react-native"],
        "Flutter": ["^Flutter"],
        "Xamarin": [],
        "SwiftUI": ["swift ui"],
        "Mobile Development": ["mobile app development", "mobile applications", "mobile apps"],
    },
    "security": {
        "Cybersecurity": ["cyber security", "information security", "infosec", "it security"],
        "Network Security": [],
        "Penetration Testing": ["pen testing", "pentesting", "ethical hacking"],
        "Vulnerability Assessment": ["vulnerability management", "vulnerability scanning"],
        "SIEM": [],
        "Splunk": [],
        "Firewalls": ["firewall", "firewall configuration"],
        "Identity and Access Management": ["^IAM", "identity management", "access management"],
        "Encryption": ["cryptography", "ssl/tls", "tls", "ssl", "pki"],
        "CISSP": [],
        "CompTIA Security+": ["security+", "security plus"],
        "CompTIA A+": ["a+ certification", "comptia a+ certified"],
        "CompTIA Network+": ["network+", "network plus"],
        "ISO 27001": ["iso27001", "iso/iec 27001"],
        "SOC 2": ["soc2", "soc 2 type ii"],
        "Antivirus": ["anti-virus", "malware removal", "endpoint protection"],
        "Disaster Recovery": ["backup and recovery", "business continuity", "data backup"],
    },
    "networking_it": {
        "TCP/IP": ["tcp ip", "tcp", "udp"],
        "DNS": ["^DNS"],
        "DHCP": [],
        "LAN/WAN": ["lan", "wan", "lan wan", "wlan", "wireless networking", "wi-fi", "wifi"],
        "VPN": ["vpns"],
        "Cisco": ["cisco ios", "cisco routers", "cisco switches"],
        "CCNA": ["ccnp", "cisco certified network associate"],
        "Routing and Switching": ["routers and switches", "network switches", "network routing"],
        "Network Administration": [
            "networking",
            "network management",
            "network engineering",
            "network configuration",
            "network troubleshooting",
        ],
        "Active Directory": ["ad ds", "group policy", "ldap"],
        "VMware": ["vsphere", "esxi", "vmware esxi"],
        "Virtualization": ["virtual machines", "vms", "hyper-v", "hyperv", "virtualbox", "citrix"],
        "Windows Server": [
            "windows server 2012",
            "windows server 2016",
            "windows server 2019",
            "windows server 2008",
            "windows 2008 server",
            "windows 2003 server",
        ],
        "Microsoft Windows": [
            "~Windows",
            "windows 10",
            "windows 11",
            "windows 7",
            "windows xp",
            "windows os",
        ],
        "macOS": ["mac os", "mac os x", "os x", "osx"],
        "System Administration": ["systems administration", "sysadmin", "system admin"],
        "Technical Support": [
            "tech support",
            "it support",
            "desktop support",
            "end user support",
            "user support",
            "computer support",
        ],
        "Help Desk": ["helpdesk", "service desk", "help-desk"],
        "Troubleshooting": ["troubleshoot", "troubleshooting skills", "problem diagnosis"],
        "Hardware": [
            "computer hardware",
            "hardware installation",
            "hardware troubleshooting",
            "pc repair",
        ],
        "ITIL": ["itil v3", "itil v4", "itil foundation"],
        "ServiceNow": ["service now"],
        "Microsoft Exchange": ["exchange server", "ms exchange", "~Exchange"],
        "Office 365": ["microsoft 365", "o365", "m365", "office365"],
        "SharePoint": ["share point", "ms sharepoint"],
        "IT Infrastructure": ["infrastructure management"],
        "Server Administration": [
            "server administration",
            "server maintenance",
            "server management",
        ],
        "Network Monitoring": ["solarwinds", "nagios", "wireshark"],
        "Software Installation": ["software deployment", "sccm"],
    },
    "software_practice": {
        "Agile": ["^Agile", "agile methodology", "agile methodologies", "agile development"],
        "Scrum": ["scrum master", "sprint planning"],
        "Kanban": [],
        "Waterfall": ["^Waterfall"],
        "SDLC": ["software development life cycle", "software development lifecycle"],
        "Object-Oriented Programming": [
            "oop",
            "ood",
            "object oriented programming",
            "object-oriented design",
            "object oriented design",
            "object oriented",
        ],
        "Design Patterns": [],
        "Data Structures": ["data structures and algorithms", "dsa"],
        "Algorithms": ["algorithm design"],
        "System Design": ["systems design", "software architecture", "solution architecture"],
        "Distributed Systems": ["distributed computing"],
        "Event-Driven Architecture": ["event driven architecture", "event sourcing", "cqrs"],
        "Software Development": [
            "software engineering",
            "application development",
            "software design",
            "software engineer",
            "software developer",
        ],
        "Web Development": [
            "web design",
            "web applications",
            "web application development",
            "website development",
        ],
        "Code Review": ["code reviews", "peer code review"],
        "Debugging": [],
        "Performance Optimization": ["performance tuning", "query optimization"],
        "Multithreading": ["concurrency", "multi-threading", "parallel programming"],
        "Technical Documentation": ["technical writing", "software documentation"],
        "Embedded Systems": ["embedded software", "firmware", "embedded c", "rtos"],
    },
    "dev_tools": {
        "Git": ["git version control"],
        "GitHub": ["git hub"],
        "GitLab": ["git lab"],
        "Bitbucket": [],
        "Subversion": ["svn"],
        "Version Control": ["source control", "version control systems"],
        "Jira": ["atlassian jira"],
        "Confluence": ["^Confluence"],
        "Trello": [],
        "Asana": ["^Asana"],
        "Slack": ["^Slack"],
        "Visual Studio": ["visual studio 2019", "visual studio 2022"],
        "Visual Studio Code": ["vs code", "vscode"],
        "IntelliJ IDEA": ["intellij", "pycharm", "webstorm", "jetbrains"],
        "Eclipse": ["~Eclipse", "eclipse ide"],
        "Xcode": [],
        "Maven": ["~Maven", "apache maven"],
        "Gradle": [],
        "npm": ["^npm", "pnpm"],
        "Vim": ["~Vim", "neovim"],
    },
    "design_tools": {
        "Figma": [],
        "Sketch": ["~Sketch", "sketch app"],
        "Adobe Photoshop": ["photoshop", "adobe photo shop"],
        "Adobe Illustrator": ["~Illustrator"],
        "Adobe InDesign": ["indesign"],
        "Adobe Creative Suite": [
            "adobe creative cloud",
            "creative suite",
            "creative cloud",
            "adobe cs",
        ],
        "Adobe Premiere Pro": ["premiere pro", "adobe premiere"],
        "Adobe After Effects": ["after effects"],
        "Adobe Acrobat": ["acrobat", "adobe pdf"],
        "Canva": ["^Canva"],
        "Graphic Design": [],
        "Wireframing": ["wireframes", "mockups", "prototyping tools", "balsamiq", "invision"],
        "Video Editing": ["final cut pro", "video production"],
    },
    "office": {
        "Microsoft Office": [
            "ms office",
            "microsoft office suite",
            "ms office suite",
            "office suite",
            "microsoft suite",
            "microsoft office 2010",
            "microsoft office 2013",
            "microsoft office 2016",
            "ms-office",
        ],
        "Microsoft Excel": [
            "~Excel",
            "ms excel",
            "excel spreadsheets",
            "advanced excel",
            "pivot tables",
            "pivot table",
            "vlookup",
            "v-lookup",
            "spreadsheets",
        ],
        "Microsoft Word": ["~Word", "ms word", "word processing"],
        "Microsoft PowerPoint": ["powerpoint", "power point", "ms powerpoint"],
        "Microsoft Outlook": ["~Outlook", "ms outlook"],
        "Microsoft Project": ["ms project", "msproject"],
        "Microsoft Teams": ["ms teams"],
        "Microsoft Visio": ["visio", "ms visio"],
        "Google Workspace": [
            "g suite",
            "gsuite",
            "google suite",
            "google docs",
            "google sheets",
            "google drive",
            "google apps",
            "google slides",
        ],
        "Data Entry": ["10-key", "ten key", "10 key", "typing"],
        "Calendar Management": [
            "scheduling appointments",
            "calendar scheduling",
            "appointment scheduling",
        ],
        "Scheduling": ["staff scheduling", "shift scheduling", "work scheduling"],
        "Records Management": ["record keeping", "recordkeeping", "file management"],
        "Office Administration": [
            "office management",
            "administrative support",
            "clerical",
            "office operations",
        ],
        "Lotus Notes": ["lotus"],
        "Zoom": ["^Zoom"],
    },
    "business_software": {
        "Salesforce": ["sfdc", "salesforce.com", "salesforce crm"],
        "HubSpot": ["hub spot"],
        "Zendesk": [],
        "CRM": ["crm software", "customer relationship management"],
        "ERP": ["erp systems", "enterprise resource planning"],
        "SAP": [
            "^SAP",
            "sap erp",
            "sap r/3",
            "sap s/4hana",
            "s/4hana",
            "sap fico",
            "sap fi/co",
            "sap fi",
            "sap mm",
            "sap sd",
        ],
        "Oracle E-Business Suite": [
            "oracle ebs",
            "oracle financials",
            "oracle apps",
            "oracle applications",
            "oracle fusion",
            "oracle erp",
        ],
        "NetSuite": ["net suite", "oracle netsuite"],
        "Microsoft Dynamics": [
            "dynamics 365",
            "dynamics gp",
            "great plains",
            "microsoft dynamics gp",
            "dynamics ax",
            "dynamics nav",
            "navision",
        ],
        "Workday": ["^Workday"],
        "ADP": ["adp workforce now", "adp payroll"],
        "Kronos": ["ukg"],
        "Point of Sale": [
            "^POS",
            "pos systems",
            "point-of-sale",
            "micros",
            "aloha pos",
            "square pos",
        ],
        "Lawson": ["~Lawson", "infor lawson"],
        "JD Edwards": ["jde", "jd edwards enterprise one"],
        "Hyperion": ["oracle hyperion", "hyperion financial management"],
        "Yardi": [],
        "Bloomberg Terminal": ["bloomberg"],
    },
    "accounting": {
        "GAAP": ["us gaap", "u.s. gaap", "generally accepted accounting principles"],
        "IFRS": ["international financial reporting standards"],
        "QuickBooks": ["quick books", "quickbooks online", "quickbooks pro", "qbo"],
        "Xero": ["^Xero"],
        "Sage": ["~Sage", "sage 50", "sage 100", "sage intacct", "peachtree"],
        "Accounts Payable": ["a/p", "~AP", "accounts payables", "ap processing", "payables"],
        "Accounts Receivable": ["a/r", "~AR", "receivables", "ar collections"],
        "Account Reconciliation": [
            "reconciliation",
            "reconciliations",
            "account reconciliations",
            "reconciling accounts",
            "balance sheet reconciliation",
            "balance sheet reconciliations",
            "reconcile accounts",
        ],
        "Bank Reconciliation": ["bank reconciliations", "bank recs", "reconciling bank statements"],
        "General Ledger": [
            "~GL",
            "g/l",
            "general ledger accounting",
            "general ledger reconciliation",
        ],
        "Journal Entries": ["journal entry", "adjusting entries", "adjusting journal entries"],
        "Month-End Close": [
            "month end close",
            "month-end closing",
            "month end closing",
            "year-end close",
            "year end close",
            "financial close",
            "period close",
            "month-end",
            "month end",
        ],
        "Auditing": [
            "audit",
            "audits",
            "internal audit",
            "internal auditing",
            "external audit",
            "audit preparation",
            "financial audits",
            "audit support",
        ],
        "Tax Preparation": [
            "tax",
            "taxes",
            "taxation",
            "tax returns",
            "tax return preparation",
            "tax compliance",
            "income tax",
            "corporate tax",
            "tax planning",
            "tax accounting",
        ],
        "Sales Tax": ["sales and use tax", "use tax", "vat"],
        "Financial Reporting": [
            "financial reports",
            "financial statements",
            "financial statement preparation",
            "financial statement",
            "management reporting",
        ],
        "Financial Analysis": ["financial analyst", "ratio analysis", "profitability analysis"],
        "Financial Modeling": ["financial modelling", "financial models"],
        "Budgeting": ["budget preparation", "budget planning", "budgets", "budget analysis"],
        "Forecasting": ["financial forecasting", "forecasts", "cash flow forecasting"],
        "Variance Analysis": ["budget variance analysis", "variance reporting"],
        "Cost Accounting": ["cost analysis", "costing", "standard costing", "job costing"],
        "Bookkeeping": ["book keeping", "bookkeeper"],
        "Payroll": ["payroll processing", "payroll administration", "payroll management"],
        "Billing": ["invoicing", "invoices", "billing and invoicing"],
        "Collections": ["^Collections", "debt collection", "collection calls"],
        "Fixed Assets": ["fixed asset accounting", "depreciation", "fixed asset"],
        "Accruals": ["accrual accounting", "accrual", "prepaid expenses"],
        "Sarbanes-Oxley": ["sox", "sox compliance", "sarbanes oxley", "sox 404"],
        "Internal Controls": ["internal control", "internal control procedures"],
        "Revenue Recognition": ["asc 606", "rev rec"],
        "Cash Management": ["cash flow management", "cash flow", "treasury", "cash management"],
        "Expense Reports": ["expense reporting", "expense report", "travel and expense", "t&e"],
        "Intercompany Accounting": [
            "intercompany",
            "intercompany reconciliations",
            "intercompany transactions",
        ],
        "Financial Planning and Analysis": ["fp&a", "fp and a"],
        "CPA": ["certified public accountant"],
        "Certified Management Accountant": ["cma"],
        "Accounting": [
            "accounting principles",
            "financial accounting",
            "corporate accounting",
            "general accounting",
            "accountancy",
        ],
        "Auditing Standards": ["gaas", "pcaob"],
        "Consolidation": [
            "financial consolidation",
            "consolidations",
            "consolidated financial statements",
        ],
        "Credit Analysis": ["credit management", "credit risk"],
        "Risk Assessment": ["risk analysis"],
        "1099 Reporting": ["1099", "1099s", "form 1099"],
        "Purchase Orders": ["purchase order", "po processing"],
        "Vendor Payments": ["vendor invoices", "check runs", "ach payments", "wire transfers"],
    },
    "healthcare": {
        "Patient Care": [
            "patient-centered care",
            "direct patient care",
            "patient care services",
            "bedside care",
            "resident care",
        ],
        "Electronic Health Records": [
            "ehr",
            "emr",
            "electronic medical records",
            "electronic medical record",
            "electronic health record",
            "emr systems",
            "ehr systems",
        ],
        "Epic": ["~Epic", "epic systems", "epic emr", "epic ehr", "epiccare"],
        "Cerner": ["cerner powerchart"],
        "Meditech": [],
        "BLS": ["basic life support", "bls certified", "bls certification", "bcls"],
        "ACLS": ["advanced cardiac life support", "advanced cardiovascular life support"],
        "PALS": ["pediatric advanced life support"],
        "CPR": ["cpr certified", "cpr certification", "cpr/aed", "aed"],
        "First Aid": ["first aid certified", "first aid certification"],
        "Medication Administration": [
            "administering medications",
            "medication management",
            "med pass",
            "medication administration record",
        ],
        "Vital Signs": ["vitals", "taking vital signs", "vital sign monitoring"],
        "Phlebotomy": ["venipuncture", "blood draws", "drawing blood"],
        "IV Therapy": ["iv insertion", "iv therapy", "intravenous therapy", "iv starts"],
        "Wound Care": ["wound management", "dressing changes"],
        "Triage": ["^Triage", "triaging"],
        "Patient Education": ["patient teaching", "health education"],
        "Care Planning": ["care plans", "care plan", "nursing care plans", "care coordination"],
        "HIPAA": ["hipaa compliance", "hipaa regulations"],
        "Infection Control": ["infection prevention", "sterile technique", "aseptic technique"],
        "Medical Terminology": [],
        "ICD-10": ["icd 10", "icd-9", "icd9", "icd10", "icd-10-cm"],
        "CPT Coding": ["cpt", "hcpcs"],
        "Medical Billing": [
            "medical billing and coding",
            "insurance billing",
            "claims processing",
            "insurance claims",
            "medicare billing",
        ],
        "Medical Coding": ["coding and billing", "diagnosis coding"],
        "Case Management": ["case manager", "care management"],
        "Telemetry": [],
        "Critical Care": ["intensive care", "icu"],
        "Emergency Care": ["emergency medicine", "emergency room", "emergency department"],
        "Patient Assessment": [
            "patient assessments",
            "health assessment",
            "physical assessment",
            "nursing assessment",
            "clinical assessment",
        ],
        "Discharge Planning": [],
        "Home Health": ["home health care", "home care", "home healthcare"],
        "Geriatrics": [
            "geriatric care",
            "elder care",
            "eldercare",
            "long-term care",
            "long term care",
            "senior care",
            "gerontology",
        ],
        "Pediatrics": ["pediatric care", "paediatrics", "pediatric"],
        "Mental Health": ["behavioral health", "psychiatric care", "psychiatric nursing"],
        "Nursing": ["registered nursing", "nursing care", "clinical nursing"],
        "Registered Nurse": ["~RN", "r.n.", "registered nurse license"],
        "Licensed Practical Nurse": ["lpn", "lvn", "licensed vocational nurse"],
        "Certified Nursing Assistant": ["~CNA", "nursing assistant", "nurse aide"],
        "Medical Assisting": ["medical assistant", "clinical assisting"],
        "Clinical Research": ["clinical trials", "good clinical practice", "gcp certified"],
        "Pharmacology": ["pharmacy", "dispensing medications"],
        "Radiology": ["x-ray", "radiography", "imaging studies"],
        "Medical Records": [
            "health information management",
            "chart review",
            "charting",
            "clinical documentation",
        ],
        "Physical Therapy": ["rehabilitation", "rehab", "occupational therapy"],
        "Anatomy and Physiology": ["anatomy", "physiology"],
        "Surgery": ["surgical", "operating room", "perioperative", "surgical assisting"],
        "Labor and Delivery": ["obstetrics", "maternity"],
        "Dialysis": ["hemodialysis"],
        "Healthcare Administration": [
            "health care administration",
            "hospital administration",
            "healthcare management",
            "health services administration",
        ],
        "Medicare": ["medicaid", "medicare/medicaid"],
        "Patient Scheduling": ["patient registration", "patient intake", "front desk medical"],
        "Nutrition": ["dietetics", "nutritional counseling", "diet planning"],
    },
    "education": {
        "Curriculum Development": [
            "curriculum design",
            "curriculum planning",
            "curriculum writing",
            "curriculum mapping",
            "developing curriculum",
            "curriculum",
        ],
        "Classroom Management": ["classroom management skills", "classroom discipline"],
        "Lesson Planning": [
            "lesson plans",
            "lesson plan",
            "lesson plan development",
            "unit planning",
            "planning lessons",
        ],
        "Differentiated Instruction": [
            "differentiation",
            "differentiated learning",
            "differentiated lessons",
        ],
        "Special Education": ["special needs", "sped", "special education services", "inclusion"],
        "Individualized Education Programs": [
            "~IEP",
            "ieps",
            "individualized education program",
            "individualized education plans",
            "504 plans",
        ],
        "Student Assessment": [
            "student assessments",
            "formative assessment",
            "summative assessment",
            "student evaluation",
            "progress monitoring",
        ],
        "Common Core": ["common core standards", "common core state standards"],
        "ESL": [
            "english as a second language",
            "esol",
            "ell",
            "english language learners",
            "tesol",
            "tefl",
        ],
        "Google Classroom": [],
        "SMART Board": ["smartboard", "smart boards", "interactive whiteboard", "promethean board"],
        "Learning Management Systems": [
            "lms",
            "blackboard learn",
            "~Blackboard",
            "canvas lms",
            "moodle",
            "schoology",
            "d2l",
            "brightspace",
        ],
        "Tutoring": ["tutor", "one-on-one tutoring", "peer tutoring"],
        "Early Childhood Education": [
            "early childhood",
            "early childhood development",
            "preschool",
            "pre-k",
            "kindergarten",
        ],
        "Instructional Design": [
            "instructional design",
            "course design",
            "e-learning development",
            "articulate storyline",
            "elearning",
        ],
        "Educational Technology": ["edtech", "instructional technology", "technology integration"],
        "Literacy": ["reading instruction", "guided reading", "phonics", "literacy instruction"],
        "STEM Education": ["^STEM"],
        "Behavior Management": [
            "positive behavior support",
            "pbis",
            "behavior intervention",
            "behavior modification",
            "behavioral management",
        ],
        "Parent Communication": [
            "parent-teacher conferences",
            "parent teacher conferences",
            "parent conferences",
            "family engagement",
            "parent involvement",
        ],
        "Student Engagement": ["student motivation"],
        "Standardized Testing": ["test preparation", "state testing", "test prep"],
        "Montessori": [],
        "Child Development": ["child care", "childcare", "child psychology"],
        "Teaching": [
            "classroom instruction",
            "teaching experience",
            "classroom teaching",
            "teacher",
            "educator",
        ],
        "Grading": ["grading papers", "student grading"],
        "Cooperative Learning": [
            "collaborative learning",
            "group learning",
            "small group instruction",
            "small-group instruction",
        ],
        "Adult Education": ["adult learning", "continuing education"],
        "Mathematics": ["math", "algebra", "geometry", "calculus"],
        "Science Education": ["biology", "chemistry", "physics"],
        "Language Arts": ["english language arts", "ela", "reading and writing"],
        "Social Studies": ["social science"],
        "Training Delivery": [
            "corporate training",
            "training facilitation",
            "facilitation",
            "workshop facilitation",
            "train the trainer",
        ],
        "Academic Advising": ["student advising", "student counseling", "academic counseling"],
        "Bilingual Education": ["dual language", "bilingual instruction"],
    },
    "hr": {
        "Recruiting": [
            "recruitment",
            "talent acquisition",
            "full-cycle recruiting",
            "full cycle recruiting",
            "full life cycle recruiting",
            "recruiter",
            "hiring",
            "staffing",
            "talent sourcing",
            "candidate sourcing",
            "sourcing candidates",
            "headhunting",
        ],
        "Onboarding": [
            "on-boarding",
            "new hire onboarding",
            "new hire orientation",
            "employee onboarding",
        ],
        "HRIS": [
            "human resources information system",
            "human resource information systems",
            "hris systems",
            "hrms",
        ],
        "Employee Relations": [
            "employee relation",
            "labor relations",
            "employee concerns",
            "employee issues",
        ],
        "Benefits Administration": [
            "employee benefits",
            "benefit administration",
            "benefits enrollment",
            "open enrollment",
            "401k",
            "401(k)",
        ],
        "Compensation": [
            "compensation and benefits",
            "comp and benefits",
            "salary administration",
            "compensation analysis",
            "total rewards",
        ],
        "Performance Management": [
            "performance reviews",
            "performance appraisals",
            "performance evaluations",
            "performance evaluation",
            "performance appraisal",
        ],
        "Training and Development": [
            "employee training",
            "learning and development",
            "l&d",
            "staff training",
            "employee development",
            "training programs",
        ],
        "Applicant Tracking Systems": [
            "applicant tracking system",
            "~ATS",
            "taleo",
            "icims",
            "jobvite",
            "bamboohr",
            "bamboo hr",
        ],
        "FMLA": [
            "family medical leave act",
            "family and medical leave act",
            "leave administration",
            "leave of absence",
        ],
        "EEO Compliance": ["eeo", "eeoc", "equal employment opportunity", "affirmative action"],
        "Employment Law": [
            "labor law",
            "labour law",
            "employment laws",
            "labor laws",
            "flsa",
            "fair labor standards act",
            "ada compliance",
            "hr compliance",
        ],
        "Workers' Compensation": [
            "workers compensation",
            "workers comp",
            "workman's comp",
            "worker's comp",
        ],
        "Succession Planning": [],
        "Talent Management": [
            "talent development",
            "workforce planning",
            "human capital management",
        ],
        "Interviewing": [
            "interviews",
            "candidate interviews",
            "behavioral interviewing",
            "conducting interviews",
            "phone screening",
            "phone screens",
        ],
        "Background Checks": [
            "background screening",
            "background check",
            "drug screening",
            "i-9",
            "e-verify",
            "employment verification",
        ],
        "Employee Engagement": ["employee retention", "employee morale"],
        "Organizational Development": ["organizational design", "organisational development"],
        "HR Policies": [
            "policy development",
            "employee handbook",
            "hr policy",
            "policies and procedures",
        ],
        "Diversity and Inclusion": [
            "diversity & inclusion",
            "d&i",
            "dei",
            "diversity, equity and inclusion",
        ],
        "SHRM Certification": ["shrm", "shrm-cp", "shrm-scp", "phr", "sphr"],
        "Human Resources": [
            "^HR",
            "human resource management",
            "hr management",
            "hr administration",
            "human resources management",
            "personnel management",
            "hr generalist",
        ],
        "Exit Interviews": ["offboarding", "exit interview", "terminations"],
        "Job Descriptions": ["job description writing", "job analysis"],
        "Employee Records": ["personnel files", "employee files", "personnel records"],
        "Unemployment Claims": ["unemployment insurance"],
        "COBRA": ["^COBRA", "cobra administration"],
        "Conflict Resolution": ["conflict management", "mediation", "dispute resolution"],
        "Investigations": ["workplace investigations", "employee investigations"],
    },
    "culinary": {
        "Food Safety": [
            "food safety standards",
            "food safety regulations",
            "food safety and sanitation",
            "food hygiene",
        ],
        "Menu Development": [
            "menu planning",
            "menu design",
            "menu creation",
            "creating menus",
            "menu engineering",
        ],
        "ServSafe": [
            "serv safe",
            "serve safe",
            "servsafe certified",
            "servsafe certification",
            "food handler certification",
            "food handlers card",
            "food handler's card",
            "food handler",
        ],
        "Food Preparation": [
            "food prep",
            "meal preparation",
            "prep work",
            "food production",
            "cooking",
            "prep cook",
        ],
        "Food Handling": ["safe food handling", "proper food handling"],
        "Sanitation": ["kitchen sanitation", "cleaning and sanitation", "sanitization", "sanitary"],
        "HACCP": [
            "hazard analysis and critical control points",
            "hazard analysis critical control point",
        ],
        "Catering": ["banquets", "banquet", "event catering", "catered events"],
        "Baking": ["bread baking", "bakery", "baker"],
        "Pastry": ["pastry arts", "pastries", "desserts", "cake decorating", "pastry chef"],
        "Butchery": [
            "butchering",
            "meat fabrication",
            "meat cutting",
            "fish fabrication",
            "fish butchery",
        ],
        "Knife Skills": ["knife techniques"],
        "Line Cooking": [
            "line cook",
            "grill cook",
            "short order cooking",
            "short order cook",
            "grilling",
            "sauteing",
            "sautéing",
            "saute",
            "sauté",
            "frying",
            "broiling",
        ],
        "Food Presentation": ["plating", "food plating", "garnishing"],
        "Food Cost Control": [
            "food cost",
            "food costing",
            "food costs",
            "cost control",
            "labor cost control",
            "food and labor costs",
            "food cost management",
        ],
        "Kitchen Management": [
            "kitchen operations",
            "back of house",
            "boh",
            "kitchen supervision",
            "kitchen staff management",
        ],
        "Recipe Development": [
            "recipe creation",
            "recipe testing",
            "standardized recipes",
        ],
        "Fine Dining": ["haute cuisine"],
        "Garde Manger": [],
        "Portion Control": ["portioning"],
        "Food and Beverage": [
            "f&b",
            "food & beverage",
            "food and beverage service",
            "beverage service",
        ],
        "Culinary Arts": ["culinary", "culinary skills", "culinary techniques"],
        "Sauces": ["sauce making", "saucier", "mother sauces", "stocks and sauces"],
        "Sous Vide": [],
        "Bartending": ["bartender", "mixology", "cocktails"],
        "Food Service": [
            "foodservice",
            "food service operations",
            "restaurant operations",
            "restaurant management",
        ],
        "Dietary Restrictions": [
            "special diets",
            "food allergies",
            "allergen awareness",
            "therapeutic diets",
            "allergens",
        ],
        "Ordering": ["food ordering", "ordering supplies", "product ordering"],
        "International Cuisine": [
            "italian cuisine",
            "french cuisine",
            "asian cuisine",
            "mediterranean cuisine",
            "mexican cuisine",
            "ethnic cuisine",
        ],
    },
    "engineering": {
        "AutoCAD": ["auto cad", "autocad 2d", "autocad 3d", "autodesk autocad"],
        "SolidWorks": ["solid works"],
        "Simulink": [],
        "CATIA": ["catia v5"],
        "Creo": ["^Creo", "pro/engineer", "pro engineer", "pro/e", "ptc creo"],
        "Autodesk Inventor": ["~Inventor"],
        "Revit": ["autodesk revit", "revit architecture"],
        "Civil 3D": ["autocad civil 3d", "civil3d"],
        "ANSYS": ["ansys fluent", "ansys mechanical"],
        "Finite Element Analysis": ["fea", "finite element method", "abaqus"],
        "CFD": ["computational fluid dynamics"],
        "GD&T": ["gd and t", "geometric dimensioning and tolerancing"],
        "CAD": [
            "computer aided design",
            "computer-aided design",
            "cad design",
            "cad software",
            "cad drafting",
            "3d modeling",
            "3d cad",
            "2d cad",
        ],
        "CAM": ["computer aided manufacturing", "computer-aided manufacturing", "mastercam"],
        "PLC Programming": [
            "plc",
            "plcs",
            "programmable logic controllers",
            "allen bradley",
            "rslogix",
            "ladder logic",
        ],
        "LabVIEW": ["lab view"],
        "SCADA": [],
        "Six Sigma": [
            "lean six sigma",
            "six sigma green belt",
            "six sigma black belt",
            "green belt",
            "black belt",
            "dmaic",
        ],
        "Lean Manufacturing": [
            "~Lean",
            "lean principles",
            "lean methodology",
            "kaizen",
            "5s",
            "value stream mapping",
            "continuous improvement",
        ],
        "Root Cause Analysis": ["rca", "root cause", "8d", "fishbone", "5 whys"],
        "FMEA": ["failure mode and effects analysis", "pfmea", "dfmea"],
        "Quality Control": [
            "qc",
            "quality inspection",
            "quality management",
            "quality systems",
            "quality assurance/quality control",
            "qa/qc",
        ],
        "ISO 9001": ["iso 9000", "iso9001", "iso standards", "iso certification"],
        "Process Improvement": [
            "process optimization",
            "process engineering",
            "business process improvement",
            "process re-engineering",
            "workflow optimization",
        ],
        "Technical Drawing": [
            "drafting",
            "engineering drawings",
            "technical drawings",
            "schematics",
            "shop drawings",
        ],
        "Blueprint Reading": ["blueprints", "reading blueprints", "blueprint", "print reading"],
        "Circuit Design": [
            "circuit analysis",
            "analog circuits",
            "digital circuits",
            "schematic capture",
        ],
        "PCB Design": [
            "pcb layout",
            "printed circuit boards",
            "pcb",
            "altium",
            "eagle cad",
            "orcad",
        ],
        "Microcontrollers": [
            "microcontroller",
            "arduino",
            "raspberry pi",
            "pic microcontrollers",
            "stm32",
        ],
        "Verilog": ["systemverilog"],
        "VHDL": [],
        "FPGA": ["fpgas", "xilinx"],
        "HVAC": ["heating ventilation and air conditioning"],
        "Structural Analysis": [
            "structural engineering",
            "structural design",
            "steel design",
            "concrete design",
        ],
        "Surveying": ["land surveying", "topographic surveys"],
        "GIS": ["arcgis", "qgis", "geographic information systems", "arcmap"],
        "Primavera P6": ["primavera", "p6"],
        "CNC Machining": ["cnc", "cnc programming", "machining", "g-code"],
        "Welding": ["mig welding", "tig welding", "arc welding", "welder"],
        "OSHA": ["osha regulations", "osha compliance", "osha 10", "osha 30"],
        "Workplace Safety": [
            "safety compliance",
            "health and safety",
            "ehs",
            "environmental health and safety",
            "safety programs",
            "safety procedures",
            "safety regulations",
            "safety inspections",
        ],
        "Mechanical Design": ["machine design", "mechanical engineering design"],
        "Product Design": [
            "product development",
            "new product development",
            "npd",
            "new product introduction",
        ],
        "Prototyping": ["prototype development", "rapid prototyping", "prototypes"],
        "3D Printing": ["additive manufacturing"],
        "Hydraulics": ["hydraulic systems"],
        "Pneumatics": ["pneumatic systems"],
        "Cost Estimation": ["estimating", "cost estimating", "quantity takeoff", "takeoffs"],
        "Construction Management": [
            "construction",
            "construction projects",
            "site supervision",
            "construction supervision",
        ],
        "Mathcad": [],
        "Statistical Process Control": ["spc"],
        "Manufacturing": [
            "manufacturing processes",
            "production processes",
            "assembly line",
            "manufacturing engineering",
        ],
        "Electrical Systems": [
            "electrical wiring",
            "electrical design",
            "electrical engineering",
            "power systems",
            "power distribution",
            "electronics",
        ],
        "Thermodynamics": ["heat transfer", "fluid mechanics"],
        "Reliability Engineering": [
            "preventive maintenance",
            "predictive maintenance",
            "maintenance planning",
        ],
        "Instrumentation": [
            "instrumentation and controls",
            "control systems",
            "process control",
            "controls engineering",
            "industrial automation",
        ],
        "Robotics": ["robot programming"],
        "Testing and Validation": [
            "validation",
            "verification and validation",
            "design verification",
            "test procedures",
        ],
        "Calibration": ["instrument calibration"],
        "Project Engineering": ["engineering project management"],
        "Civil Engineering": [
            "site development",
            "stormwater",
            "grading and drainage",
            "water resources",
        ],
        "Environmental Compliance": ["environmental regulations", "epa regulations", "permitting"],
        "Materials Science": ["materials engineering", "metallurgy", "material selection"],
        "Energy Efficiency": ["renewable energy", "solar energy", "energy management"],
        "Tooling": ["jigs and fixtures", "tool design"],
    },
    "management": {
        "Project Management": [
            "project planning",
            "project coordination",
            "managing projects",
            "project management skills",
            "project manager",
        ],
        "PMP": ["project management professional", "pmp certified", "pmp certification"],
        "Program Management": ["programme management", "portfolio management"],
        "Product Management": [
            "product manager",
            "product roadmap",
            "roadmapping",
            "product strategy",
        ],
        "Stakeholder Management": [
            "stakeholder engagement",
            "stakeholder communication",
            "stakeholder relations",
        ],
        "Budget Management": [
            "budget control",
            "p&l management",
            "p&l",
            "profit and loss",
            "p&l responsibility",
            "managing budgets",
        ],
        "Team Leadership": [
            "team management",
            "staff management",
            "people management",
            "team building",
            "team lead",
            "supervision",
            "supervising",
            "supervisory",
            "managing teams",
            "staff supervision",
            "employee supervision",
        ],
        "Strategic Planning": [
            "strategy",
            "strategic management",
            "business strategy",
            "strategic thinking",
        ],
        "Operations Management": [
            "business operations",
            "daily operations",
            "day-to-day operations",
        ],
        "Risk Management": ["risk mitigation", "enterprise risk management", "erm"],
        "Change Management": ["organizational change", "change control"],
        "Vendor Management": [
            "vendor relations",
            "supplier management",
            "vendor relationships",
            "supplier relations",
            "vendor negotiations",
        ],
        "Negotiation": [
            "contract negotiation",
            "negotiations",
            "negotiating",
            "contract negotiations",
        ],
        "Contract Management": ["contracts", "contract administration"],
        "Business Analysis": [
            "business analyst",
            "requirements gathering",
            "requirements analysis",
            "business requirements",
            "gap analysis",
            "process mapping",
        ],
        "Regulatory Compliance": ["compliance", "regulatory requirements", "regulatory affairs"],
        "Supply Chain Management": ["supply chain", "scm", "demand planning"],
        "Logistics": [
            "shipping and receiving",
            "warehouse management",
            "warehousing",
            "transportation management",
        ],
        "Procurement": ["purchasing", "sourcing", "strategic sourcing"],
        "Facilities Management": [
            "facility management",
            "building maintenance",
            "property management",
        ],
        "Event Planning": ["event management", "event coordination", "conference planning"],
        "Business Development": ["biz dev", "new business development", "partnerships"],
        "Consulting": ["management consulting", "consultant"],
        "Key Performance Indicators": ["kpi", "kpis", "metrics", "performance metrics"],
        "Reporting": [
            "report writing",
            "management reports",
            "ad hoc reporting",
            "ad-hoc reporting",
        ],
        "Policy Implementation": ["standard operating procedures", "sops", "sop"],
        "Mentoring": ["coaching", "mentorship", "staff development"],
        "Hiring and Firing": ["hiring decisions"],
        "Inventory Management": [
            "inventory control",
            "inventory",
            "stock control",
            "inventory tracking",
            "inventory management systems",
            "stock rotation",
            "fifo",
        ],
    },
    "sales_marketing": {
        "Sales": [
            "^Sales",
            "selling",
            "b2b sales",
            "b2c sales",
            "inside sales",
            "outside sales",
            "direct sales",
            "retail sales",
            "sales management",
        ],
        "Account Management": [
            "key account management",
            "client management",
            "account manager",
            "client relationship management",
            "relationship management",
        ],
        "Lead Generation": ["prospecting", "cold calling", "lead gen"],
        "Marketing": [
            "^Marketing",
            "marketing strategy",
            "marketing campaigns",
            "brand management",
            "branding",
            "product marketing",
        ],
        "Digital Marketing": ["online marketing", "internet marketing", "performance marketing"],
        "SEO": ["search engine optimization", "search engine optimisation"],
        "SEM": ["search engine marketing", "ppc", "pay per click", "pay-per-click", "paid search"],
        "Google Analytics": ["ga4", "web analytics"],
        "Google Ads": ["adwords", "google adwords"],
        "Social Media Marketing": [
            "social media",
            "social media management",
            "facebook ads",
            "instagram marketing",
            "smm",
        ],
        "Content Marketing": [
            "content creation",
            "content strategy",
            "blogging",
            "content writing",
        ],
        "Email Marketing": ["mailchimp", "email campaigns", "marketo"],
        "Market Research": [
            "market analysis",
            "competitive analysis",
            "competitor analysis",
            "marketing research",
        ],
        "Public Relations": ["^PR", "media relations", "press releases"],
        "Copywriting": ["copy writing", "copyeditor", "copy editing", "proofreading"],
        "Merchandising": ["visual merchandising", "merchandise", "planogram", "planograms"],
        "Retail": ["retail operations", "retail management", "store operations", "loss prevention"],
        "Upselling": ["up-selling", "cross-selling", "suggestive selling", "upsell"],
        "Sales Forecasting": ["sales forecasts", "pipeline management"],
        "Advertising": ["media buying", "ad campaigns", "advertising campaigns"],
        "Fundraising": ["grant writing", "donor relations"],
        "Real Estate": ["real estate sales", "leasing"],
        "Customer Service": [
            "customer support",
            "client service",
            "guest service",
            "guest services",
            "customer relations",
            "customer care",
            "customer satisfaction",
            "client relations",
            "front of house",
            "foh",
            "hospitality",
        ],
        "Cash Handling": [
            "cash register",
            "cashiering",
            "cashier",
            "handling cash",
            "money handling",
        ],
    },
    "finance": {
        "Financial Services": ["banking", "retail banking", "commercial banking"],
        "Investment Analysis": [
            "investments",
            "portfolio analysis",
            "equity research",
            "valuation",
            "dcf",
            "discounted cash flow",
        ],
        "Underwriting": ["loan underwriting", "insurance underwriting"],
        "Loan Processing": [
            "mortgage processing",
            "loan origination",
            "lending",
            "mortgage lending",
        ],
        "Anti-Money Laundering": ["aml", "kyc", "know your customer", "bsa/aml", "bsa"],
        "Insurance": ["claims adjusting", "insurance sales"],
        "Financial Advising": ["financial planning", "wealth management", "financial advisor"],
        "Mergers and Acquisitions": ["m&a", "due diligence"],
        "Actuarial Science": ["actuarial"],
        "Series 7": ["series 63", "series 66", "finra"],
    },
    "soft_skill": {
        "Leadership": ["leader", "leading teams", "team leader", "leadership skills"],
        "Communication": [
            "communication skills",
            "verbal communication",
            "written communication",
            "interpersonal skills",
            "interpersonal communication",
            "written and verbal communication",
            "verbal and written communication",
            "oral communication",
        ],
        "Teamwork": ["team player", "collaboration", "team work", "cross-functional collaboration"],
        "Problem Solving": [
            "problem-solving",
            "problem solver",
            "analytical skills",
            "analytical thinking",
            "critical thinking",
            "decision making",
            "decision-making",
            "analytical",
        ],
        "Time Management": [
            "prioritization",
            "time-management",
            "meeting deadlines",
            "deadline-driven",
            "deadline driven",
        ],
        "Attention to Detail": ["detail oriented", "detail-oriented", "detail orientation"],
        "Multitasking": ["multi-tasking", "multi tasking", "multitasker"],
        "Organizational Skills": [
            "organization skills",
            "organisational skills",
            "organized",
            "highly organized",
            "organizational",
        ],
        "Public Speaking": ["presentations", "presentation skills", "presenting"],
        "Adaptability": ["flexibility", "flexible", "adaptable"],
        "Self-Motivated": [
            "self motivated",
            "self-starter",
            "self starter",
            "motivated",
            "proactive",
        ],
        "Creativity": ["creative", "creative thinking", "innovation", "innovative"],
        "Work Ethic": ["strong work ethic", "dependable", "reliable"],
        "Bilingual": ["fluent in spanish", "bilingual spanish", "multilingual"],
    },
    "spoken_language": {
        "Spanish": ["^Spanish", "spanish language", "spanish speaking", "fluent spanish"],
        "French": ["~French", "french language"],
        "German": ["~German", "german language"],
        "Mandarin": ["^Mandarin", "mandarin chinese", "chinese mandarin", "~Chinese"],
        "Portuguese": ["~Portuguese"],
        "Japanese": ["~Japanese"],
        "Arabic": ["~Arabic"],
        "Hindi": ["~Hindi"],
        "Sign Language": ["asl", "american sign language"],
    },
}

# Categories that count as "software-ish": an ambiguous software alias ("Go", "Excel") can be
# confirmed by any neighbouring mention in one of these categories.
_TECH_CATEGORIES = frozenset(
    {
        "programming_language",
        "frontend",
        "backend",
        "database",
        "cloud",
        "devops",
        "data_ml",
        "testing",
        "mobile",
        "security",
        "networking_it",
        "software_practice",
        "dev_tools",
        "design_tools",
        "office",
        "business_software",
    }
)
TECH_CATEGORIES = _TECH_CATEGORIES  # public: the software / IT categories
_CORE_TECH = frozenset(
    {
        "programming_language",
        "frontend",
        "backend",
        "database",
        "cloud",
        "devops",
        "data_ml",
        "testing",
        "mobile",
        "dev_tools",
    }
)
# Skills that show a list is about programming (databases alone do not: "DBA", "Access").
_CODE_TECH = frozenset(
    {
        "programming_language",
        "frontend",
        "backend",
        "cloud",
        "devops",
        "data_ml",
        "testing",
        "mobile",
        "dev_tools",
    }
)
_BUSINESS_CATEGORIES = frozenset(
    {
        "office",
        "business_software",
        "accounting",
        "finance",
        "management",
        "sales_marketing",
        "hr",
    }
)
# For an ambiguous alias of category X, neighbouring mentions in these categories confirm it.
_COMPATIBLE: dict[str, frozenset[str]] = {cat: _TECH_CATEGORIES for cat in _TECH_CATEGORIES}
_COMPATIBLE["office"] = frozenset(_VOCAB)  # "Excel, Word" next to any skill is software
_COMPATIBLE["accounting"] = _BUSINESS_CATEGORIES
_COMPATIBLE["finance"] = _BUSINESS_CATEGORIES
_COMPATIBLE["hr"] = _BUSINESS_CATEGORIES
_COMPATIBLE["healthcare"] = frozenset({"healthcare", "office"})
_COMPATIBLE["education"] = frozenset({"education", "office", "soft_skill"})
_COMPATIBLE["engineering"] = frozenset({"engineering", "management"}) | _TECH_CATEGORIES
_COMPATIBLE["spoken_language"] = frozenset({"spoken_language"})

# Conservative "implies" relation: knowing the key means you know (some of) the values.
_IMPLIES: dict[str, tuple[str, ...]] = {
    "Django": ("Python",),
    "Django REST Framework": ("Django", "REST APIs"),
    "Flask": ("Python",),
    "FastAPI": ("Python", "REST APIs"),
    "pandas": ("Python",),
    "NumPy": ("Python",),
    "SciPy": ("Python",),
    "scikit-learn": ("Python", "Machine Learning"),
    "PyTorch": ("Deep Learning",),
    "TensorFlow": ("Deep Learning",),
    "Keras": ("Deep Learning",),
    "Deep Learning": ("Machine Learning",),
    "Natural Language Processing": ("Machine Learning",),
    "Computer Vision": ("Machine Learning",),
    "Large Language Models": ("Machine Learning",),
    "Celery": ("Python",),
    "pytest": ("Python", "Unit Testing"),
    "JUnit": ("Java", "Unit Testing"),
    "Jupyter": ("Python",),
    "Ruby on Rails": ("Ruby",),
    "Laravel": ("PHP",),
    "Symfony": ("PHP",),
    "Spring Boot": ("Spring", "Java"),
    "Spring": ("Java",),
    "Hibernate": ("Java",),
    "ASP.NET": (".NET",),
    ".NET": ("C#",),
    "React": ("JavaScript",),
    "React Native": ("React", "Mobile Development"),
    "Next.js": ("React",),
    "Nuxt.js": ("Vue.js",),
    "Redux": ("React",),
    "Angular": ("TypeScript",),
    "AngularJS": ("JavaScript",),
    "Vue.js": ("JavaScript",),
    "jQuery": ("JavaScript",),
    "TypeScript": ("JavaScript",),
    "Node.js": ("JavaScript",),
    "Express.js": ("Node.js",),
    "NestJS": ("Node.js", "TypeScript"),
    "Svelte": ("JavaScript",),
    "Ember.js": ("JavaScript",),
    "Backbone.js": ("JavaScript",),
    "D3.js": ("JavaScript", "Data Visualization"),
    "Tailwind CSS": ("CSS",),
    "Sass": ("CSS",),
    "Bootstrap": ("CSS",),
    "Flutter": ("Dart", "Mobile Development"),
    "SwiftUI": ("Swift", "iOS"),
    "iOS": ("Mobile Development",),
    "Android": ("Mobile Development",),
    "PostgreSQL": ("SQL",),
    "MySQL": ("SQL",),
    "Microsoft SQL Server": ("SQL",),
    "Oracle Database": ("SQL",),
    "SQLite": ("SQL",),
    "T-SQL": ("SQL", "Microsoft SQL Server"),
    "PL/SQL": ("SQL", "Oracle Database"),
    "Amazon Redshift": ("SQL", "AWS"),
    "Google BigQuery": ("SQL", "Google Cloud"),
    "Snowflake": ("SQL",),
    "MongoDB": ("NoSQL",),
    "Cassandra": ("NoSQL",),
    "DynamoDB": ("NoSQL", "AWS"),
    "Redis": ("NoSQL",),
    "AWS Lambda": ("AWS", "Serverless"),
    "Amazon EC2": ("AWS",),
    "Amazon S3": ("AWS",),
    "Amazon RDS": ("AWS",),
    "Amazon ECS": ("AWS", "Docker"),
    "Amazon EKS": ("AWS", "Kubernetes"),
    "AWS CloudFormation": ("AWS", "Infrastructure as Code"),
    "Terraform": ("Infrastructure as Code",),
    "AWS": ("Cloud Computing",),
    "Microsoft Azure": ("Cloud Computing",),
    "Google Cloud": ("Cloud Computing",),
    "Helm": ("Kubernetes",),
    "GitHub Actions": ("CI/CD",),
    "GitLab CI": ("CI/CD",),
    "CircleCI": ("CI/CD",),
    "Travis CI": ("CI/CD",),
    "Jenkins": ("CI/CD",),
    "GitHub": ("Git",),
    "GitLab": ("Git",),
    "Bitbucket": ("Git",),
    "Git": ("Version Control",),
    "Subversion": ("Version Control",),
    "Apache Spark": ("Big Data",),
    "Hadoop": ("Big Data",),
    "Apache Hive": ("Hadoop", "SQL"),
    "Databricks": ("Apache Spark",),
    "Tableau": ("Data Visualization",),
    "Power BI": ("Data Visualization", "Business Intelligence"),
    "Looker": ("Data Visualization", "Business Intelligence"),
    "Scrum": ("Agile",),
    "Kanban": ("Agile",),
    "Test-Driven Development": ("Unit Testing",),
    "Help Desk": ("Technical Support",),
    "Selenium": ("Test Automation",),
    "Cypress": ("Test Automation", "JavaScript"),
    "Playwright": ("Test Automation",),
    "Jest": ("JavaScript", "Unit Testing"),
    "VBA": ("Microsoft Excel",),
    "Microsoft Excel": ("Microsoft Office",),
    "Microsoft Word": ("Microsoft Office",),
    "Microsoft PowerPoint": ("Microsoft Office",),
    "Microsoft Outlook": ("Microsoft Office",),
    "Microsoft Access": ("Microsoft Office",),
    "Windows Server": ("Microsoft Windows",),
    "SSIS": ("Microsoft SQL Server", "ETL"),
    "SSRS": ("Microsoft SQL Server",),
    "QuickBooks": ("Bookkeeping",),
    "Xero": ("Bookkeeping",),
    "Bank Reconciliation": ("Account Reconciliation",),
    "Month-End Close": ("General Ledger",),
    "Journal Entries": ("General Ledger",),
    "CPA": ("Accounting",),
    "Sarbanes-Oxley": ("Internal Controls",),
    "Epic": ("Electronic Health Records",),
    "Cerner": ("Electronic Health Records",),
    "Meditech": ("Electronic Health Records",),
    "ACLS": ("BLS",),
    "PALS": ("BLS",),
    "BLS": ("CPR",),
    "Registered Nurse": ("Nursing", "Patient Care"),
    "Licensed Practical Nurse": ("Nursing", "Patient Care"),
    "Certified Nursing Assistant": ("Patient Care",),
    "ICD-10": ("Medical Coding",),
    "CPT Coding": ("Medical Coding",),
    "Individualized Education Programs": ("Special Education",),
    "Google Classroom": ("Learning Management Systems",),
    "Lesson Planning": ("Teaching",),
    "Classroom Management": ("Teaching",),
    "Applicant Tracking Systems": ("Recruiting",),
    "Onboarding": ("Human Resources",),
    "Benefits Administration": ("Human Resources",),
    "Employee Relations": ("Human Resources",),
    "HRIS": ("Human Resources",),
    "SHRM Certification": ("Human Resources",),
    "ServSafe": ("Food Safety",),
    "HACCP": ("Food Safety",),
    "Food Handling": ("Food Safety",),
    "SolidWorks": ("CAD",),
    "AutoCAD": ("CAD",),
    "CATIA": ("CAD",),
    "Creo": ("CAD",),
    "Autodesk Inventor": ("CAD",),
    "Revit": ("CAD",),
    "Civil 3D": ("AutoCAD",),
    "Simulink": ("MATLAB",),
    "ANSYS": ("Finite Element Analysis",),
    "PMP": ("Project Management",),
    "Primavera P6": ("Project Management",),
    "Microsoft Project": ("Project Management",),
    "Six Sigma": ("Process Improvement",),
    "Lean Manufacturing": ("Process Improvement",),
    "Salesforce": ("CRM",),
    "HubSpot": ("CRM",),
    "Microsoft Dynamics": ("ERP",),
    "SAP": ("ERP",),
    "NetSuite": ("ERP",),
    "Oracle E-Business Suite": ("ERP",),
    "JD Edwards": ("ERP",),
    "Google Ads": ("SEM",),
    "Verilog": ("FPGA",),
    "VHDL": ("FPGA",),
    "PowerShell": ("Microsoft Windows",),
    "Active Directory": ("Microsoft Windows",),
    "CCNA": ("Cisco", "Network Administration"),
    "Kubernetes": ("Docker",),
}

# Words that, right before/after an ambiguous alias, make it clearly a skill.
_CUE_AFTER_LANG = re.compile(
    r"[ \t]*(?:programming|programmer|language|lang|developer|developers|development|engineer|engineers|"
    r"code|codebase|coding|script|scripts|scripting|runtime|compiler|modules?|packages?|libraries|"
    r"microservices?|services|backend|back-end|apis?|applications?|apps?|projects?)\b",
    re.IGNORECASE,
)
_CUE_AFTER_TOOL = re.compile(
    r"[ \t]*(?:software|systems?|platform|framework|tools?|suite|database|databases|spreadsheets?|"
    r"macros|formulas|workbooks?|documents|templates|emr|ehr|charting|certified|certification|"
    r"experience|skills|proficiency|\d{2,4}\b)",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|using|with|via|use of|knowledge of|proficient in|proficiency in|experience in|"
    r"skilled in|expertise in|fluent in|written in|certified in))[ \t]+$",
    re.IGNORECASE,
)
# Ambiguous aliases that are never confirmed by a cue word (only by a list/label context).
_NO_CUE = frozenset(
    {
        "spring",
        "word",
        "access",
        "outlook",
        "lean",
        "sketch",
        "eclipse",
        "puppet",
        "exchange",
        "lambda",
        "celery",
        "cucumber",
        "mocha",
        "helm",
        "windows",
        "collections",
        "ap",
        "ar",
        "gl",
        "french",
        "german",
        "chinese",
        "japanese",
        "portuguese",
        "arabic",
        "hindi",
        "blackboard",
        "ats",
    }
)
_LABEL = re.compile(
    r"(?:^|[\n|•·])[ \t]*[^\n:|•·]{0,40}?\b(?:skills?|languages?|technolog(?:y|ies)|tools?|stack|"
    r"proficienc(?:y|ies)|software|programming|platforms?|frameworks?|competenc(?:y|ies)|expertise|"
    r"environment|applications|systems|certifications?|databases?|libraries|knowledge|highlights|"
    r"familiar with|experienced with|proficient (?:in|with))\b[^\n:]{0,20}:[ \t]*$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^(?:[\s,;/|•·●▪■◦\-–—+()\[\]]|\band\b|\bor\b|&)*$", re.IGNORECASE)
_LIST_TAIL = re.compile(r"^[ \t]*(?:$|[,;|/•·(])")

# ---------------------------------------------------------------------------------------------
# Build the lookup structures once at import.
# ---------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"(?:(?<![^\W_])\.)?[^\W_]+[+#]*|&")
_JOIN_GAP_RE = re.compile(
    r"^[ \t]*(?:[-./_][ \t]*)?(?:\n[ \t]*)?$|^[ \t]*\n?[ \t]*(?:[-./_][ \t]*)?$"
)


def _norm_token(tok: str) -> str:
    return "and" if tok == "&" else tok.casefold()


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_norm_token(m.group()) for m in _TOKEN_RE.finditer(text))


SKILL_ALIASES: dict[str, tuple[str, ...]] = {}
SKILL_CATEGORIES: dict[str, str] = {}
_AMBIG_KEYS: set[tuple[str, ...]] = set()
_CASE_KEYS: dict[tuple[str, ...], str] = {}  # key -> required spelling (for ~ and ^ aliases)
_ALIAS_INDEX: dict[tuple[str, ...], str] = {}  # token key -> canonical (explicit aliases)
_AMBIGUOUS_LIST: list[str] = []
_CASE_LIST: list[str] = []

for _cat, _skills in _VOCAB.items():
    for _canon, _aliases in _skills.items():
        if _canon in SKILL_CATEGORIES:
            raise ValueError(f"duplicate canonical skill {_canon!r}")
        SKILL_CATEGORIES[_canon] = _cat
        _clean: list[str] = []
        _has_flagged_self = any(
            a[:1] in "~^" and _tokens(a[1:]) == _tokens(_canon) for a in _aliases
        )
        for _alias in ([] if _has_flagged_self else [_canon]) + list(_aliases):
            _flag = _alias[:1] if _alias[:1] in "~^" else ""
            _text = _alias[1:] if _flag else _alias
            _key = _tokens(_text)
            if not _key:
                continue
            _clean.append(_text)
            _owner = _ALIAS_INDEX.get(_key)
            if _owner is not None and _owner != _canon:
                raise ValueError(f"alias {_text!r} maps to both {_owner!r} and {_canon!r}")
            if _flag and _key in _ALIAS_INDEX and _key not in _CASE_KEYS:
                # an unflagged alias of the same key exists (e.g. "excel" and "~Excel"): keep the
                # stricter rule.
                pass
            _ALIAS_INDEX[_key] = _canon
            if _flag:
                _CASE_KEYS[_key] = _text
                if _flag == "~":
                    _AMBIG_KEYS.add(_key)
                    _AMBIGUOUS_LIST.append(_text)
                else:
                    _CASE_LIST.append(_text)
        SKILL_ALIASES[_canon] = tuple(dict.fromkeys(_clean))

# An alias that appears both plain and flagged ("excel" and "~Excel") is flagged.
AMBIGUOUS_ALIASES: frozenset[str] = frozenset(_AMBIGUOUS_LIST)
CASE_SENSITIVE_ALIASES: frozenset[str] = frozenset(_CASE_LIST)

# Extra keys for matching: joined multi-token aliases ("nodejs" for "node js") and simple plurals.
_MATCH_INDEX: dict[tuple[str, ...], str] = dict(_ALIAS_INDEX)
for _key, _canon in list(_ALIAS_INDEX.items()):
    if _key in _AMBIG_KEYS or _key in _CASE_KEYS:
        continue
    if len(_key) > 1 and all(t.isalnum() for t in _key):
        _joined = ("".join(_key),)
        if len(_joined[0]) >= 5 and _joined not in _MATCH_INDEX:
            _MATCH_INDEX[_joined] = _canon
    _last = _key[-1]
    if _last.isalpha() and len(_last) >= 4 and not _last.endswith("s"):
        for _suffix in ("s", "es") if _last.endswith(("sh", "ch", "x")) else ("s",):
            _plural = (*_key[:-1], _last + _suffix)
            if _plural not in _MATCH_INDEX:
                _MATCH_INDEX[_plural] = _canon

# Token trie: nested dicts, the terminal marker "" holds the key.
_TRIE: dict = {}
for _key in _MATCH_INDEX:
    _node = _TRIE
    for _tok in _key:
        _node = _node.setdefault(_tok, {})
    _node[""] = _key

RELATED_SKILLS: dict[str, frozenset[str]] = {}


def _closure(skill: str) -> frozenset[str]:
    seen: set[str] = set()
    stack = list(_IMPLIES.get(skill, ()))
    while stack:
        s = stack.pop()
        if s in seen or s == skill:
            continue
        seen.add(s)
        stack.extend(_IMPLIES.get(s, ()))
    return frozenset(seen)


for _canon, _targets in _IMPLIES.items():
    for _t in (_canon, *_targets):
        if _t not in SKILL_CATEGORIES:
            raise ValueError(f"related-skills entry {_t!r} is not a canonical skill")
for _canon in SKILL_CATEGORIES:
    RELATED_SKILLS[_canon] = _closure(_canon)

del _cat, _skills, _canon, _aliases, _alias, _flag, _text, _key, _clean, _owner, _node, _tok, _last
del _has_flagged_self, _t, _targets, _joined


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkillMention:
    skill: str  # canonical name
    alias: str  # the text as written
    start: int  # char offset in the text
    end: int


def all_skills() -> tuple[str, ...]:
    """Every canonical skill name, in vocabulary order."""
    return tuple(SKILL_CATEGORIES)


@lru_cache(maxsize=4096)
def canonical_skill(term: str) -> str | None:
    """Canonical name for a skill term: ``"k8s"`` -> ``"Kubernetes"``, ``"node js"`` -> ``"Node.js"``.

    Case-insensitive and punctuation-tolerant.  Ambiguous aliases ("go", "r") resolve here,
    because the caller is explicitly asking about a skill term.  Returns ``None`` if unknown.
    """
    if not term:
        return None
    key = _tokens(term.strip())
    if not key:
        return None
    hit = _MATCH_INDEX.get(key) or _ALIAS_INDEX.get(key)
    if hit:
        return hit
    if len(key) > 1 and all(t.isalnum() for t in key):
        hit = _MATCH_INDEX.get(("".join(key),))
        if hit:
            return hit
    # "C++ programming", "Python language": drop a trailing generic word
    if len(key) > 1 and key[-1] in {
        "programming",
        "language",
        "lang",
        "framework",
        "development",
        "skills",
        "software",
        "certification",
        "certified",
        "database",
        "databases",
        "tools",
        "platform",
    }:
        return canonical_skill(" ".join(key[:-1]))
    return None


def skill_category(skill: str) -> str | None:
    """Category of a canonical skill (or of any alias of one)."""
    cat = SKILL_CATEGORIES.get(skill)
    if cat is None:
        canon = canonical_skill(skill)
        cat = SKILL_CATEGORIES.get(canon) if canon else None
    return cat


def related_skills(skill: str) -> frozenset[str]:
    """Skills implied by ``skill`` (transitively): Django -> {Python}, DRF -> {Django, Python, REST APIs}."""
    canon = skill if skill in SKILL_CATEGORIES else canonical_skill(skill)
    if canon is None:
        return frozenset()
    return RELATED_SKILLS.get(canon, frozenset())


def _case_ok(written: str, required: str) -> bool:
    if written == required or written == required.upper():
        return True
    # tolerate differences in the separators ("Node JS" vs "Node.js")
    return _tokens_raw(written) in (_tokens_raw(required), _tokens_raw(required.upper()))


def _tokens_raw(text: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN_RE.finditer(text))


def _scan(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Greedy longest-match scan; returns (start, end, canonical, key) for every candidate."""
    toks = list(_TOKEN_RE.finditer(text))
    n = len(toks)
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    norm = [_norm_token(m.group()) for m in toks]
    i = 0
    trie = _TRIE
    while i < n:
        node = trie.get(norm[i])
        if node is None:
            i += 1
            continue
        best_j = -1
        best_key = None
        j = i
        while True:
            key = node.get("")
            if key is not None:
                best_j, best_key = j, key
            if j + 1 >= n:
                break
            gap = text[toks[j].end() : toks[j + 1].start()]
            if len(gap) > 4 or not _JOIN_GAP_RE.match(gap):
                break
            nxt = node.get(norm[j + 1])
            if nxt is None:
                break
            node = nxt
            j += 1
        if best_key is None:
            i += 1
            continue
        out.append((toks[i].start(), toks[best_j].end(), _MATCH_INDEX[best_key], best_key))
        i = best_j + 1
    return out


_BAD_BEFORE = frozenset("&-.'’_@/\\")
_BAD_AFTER = frozenset("&'’_@")


def _context_ok(text: str, start: int, end: int, key: tuple[str, ...]) -> bool:
    """Cheap local checks for an ambiguous alias: not glued to '&', '-', '.', apostrophes."""
    prev = text[start - 1] if start > 0 else ""
    nxt = text[end] if end < len(text) else ""
    if prev in _BAD_BEFORE and not (prev == "/" and start >= 2 and text[start - 2].isalnum()):
        return False
    if nxt in _BAD_AFTER:
        return False
    if nxt in "-." and end + 1 < len(text) and text[end + 1].isalnum():
        return False  # "Go-live", "C-level", "R.N."
    # "Plan B.C. Smith": a single letter followed by ". " and glued to the previous word
    return not (
        len(key[0]) == 1
        and nxt == "."
        and end + 1 < len(text)
        and text[end + 1] == " "
        and start > 0
        and not text[start - 1].isspace()
        and text[start - 1] not in ",;:("
    )


def _gap_is_list(text: str, a_end: int, b_start: int, amb_start: int, amb_end: int) -> bool:
    if b_start - a_end > 12:
        return False
    gap = text[a_end:b_start]
    if not _LIST_GAP.match(gap):
        return False
    if "\n" in gap:
        # across a line break only when the ambiguous mention's line looks like a list item
        line_end = text.find("\n", amb_end)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, amb_start) + 1
        before = text[line_start:amb_start]
        after = text[amb_end:line_end]
        if not _LIST_TAIL.match(after) or not _LIST_GAP.match(before):
            return False
    return True


def find_skills(text: str, *, skills_context: bool = False) -> list[SkillMention]:
    """All skill mentions in ``text``, left to right, longest alias first, never overlapping.

    Ambiguous short aliases ("Go", "R", "C", "Excel", "Spring", "Epic") count only with the
    vocabulary's capitalisation and in a safe context (a list of compatible skills, a
    ``Skills:``-style label, or a cue word such as "Go developer" / "written in R").
    ``skills_context=True`` says the whole text is a skills list (the body of a "Skills"
    section), so ambiguous aliases then need only the capitalisation and local checks.
    """
    if not text:
        return []
    cands = _scan(text)
    if not cands:
        return []
    # status: True = accepted, False = rejected, None = ambiguous pending
    status: list[bool | None] = []
    for start, end, _canon, key in cands:
        required = _CASE_KEYS.get(key)
        if required is not None and not _case_ok(text[start:end], required):
            status.append(False)
            continue
        if key in _AMBIG_KEYS:
            status.append(None if _context_ok(text, start, end, key) else False)
        else:
            status.append(True)

    pending = [k for k, s in enumerate(status) if s is None]
    if pending and skills_context:
        # A skills section: an ambiguous alias counts when the section also names skills of a
        # compatible field (two distinct ones for programming words, so that a stray "C" or
        # "Express" in an HR or accounting keyword list is not read as a language).
        accepted = {cands[k][2] for k, s in enumerate(status) if s is True}
        for k in pending:
            cat = SKILL_CATEGORIES[cands[k][2]]
            if cat in _CORE_TECH:
                support = {a for a in accepted if SKILL_CATEGORIES[a] in _CODE_TECH}
                status[k] = len(support) >= 2
            else:
                ok_cats = _COMPATIBLE.get(cat, frozenset())
                status[k] = any(SKILL_CATEGORIES[a] in ok_cats for a in accepted)
    elif pending:
        # cue words and labels
        for k in pending:
            start, end, canon, key = cands[k]
            cat = SKILL_CATEGORIES[canon]
            low_key = key[0] if len(key) == 1 else ""
            if low_key not in _NO_CUE:
                after = text[end : end + 40]
                before = text[max(0, start - 40) : start]
                cue_after = _CUE_AFTER_LANG if cat == "programming_language" else _CUE_AFTER_TOOL
                if cue_after.match(after) or _CUE_BEFORE.search(before):
                    status[k] = True
                    continue
            line_start = text.rfind("\n", 0, start) + 1
            prefix = text[max(line_start, start - 80) : start]
            if _LABEL.search(prefix) or _LABEL.search("\n" + prefix):
                status[k] = True
        # list neighbours, propagated until stable
        changed = True
        while changed:
            changed = False
            for k in pending:
                if status[k] is not None:
                    continue
                start, end, canon, key = cands[k]
                ok_cats = _COMPATIBLE.get(SKILL_CATEGORIES[canon], frozenset())
                for nb in (k - 1, k + 1):
                    if nb < 0 or nb >= len(cands) or status[nb] is not True:
                        continue
                    if SKILL_CATEGORIES[cands[nb][2]] not in ok_cats:
                        continue
                    if nb < k:
                        ok = _gap_is_list(text, cands[nb][1], start, start, end)
                    else:
                        ok = _gap_is_list(text, end, cands[nb][0], start, end)
                    if ok:
                        status[k] = True
                        changed = True
                        break
    return [
        SkillMention(skill=canon, alias=text[start:end], start=start, end=end)
        for (start, end, canon, _key), s in zip(cands, status, strict=True)
        if s is True
    ]


def extract_skill_names(text: str) -> list[str]:
    """Canonical skills in order of first mention, without duplicates."""
    return list(dict.fromkeys(m.skill for m in find_skills(text)))
